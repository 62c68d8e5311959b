package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.model.ModelFile;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verdict import}: a Python model becomes a reviewed version directory, with trust built from a table. */
class ImportCommandTest {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path PY = ROOT.resolve("examples/python-models");

  @Test
  void aLabelledReferenceBuildsFallbacksBaselineAndTheShiftSuite(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("models/colours/1");
    Cli.Run r = Cli.run(tmp, "import", "--model", PY.resolve("pandas-categorical/model.txt").toString(),
        "--out", out.toString(), "--labels", "no,yes", "--threshold", "0.6",
        "--reference", PY.resolve("pandas-categorical/table.jsonl").toString(), "--label", "target");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("colours/1: binary (binary, classes no,yes), 3 fields")
        .contains("reference: 600 labelled rows").contains("fallback: ");
    JsonObject m = new JsonObject(Files.readString(out.resolve("manifest.json")));
    assertThat(m.getJsonObject("objective").getDouble("threshold")).isEqualTo(0.6);
    assertThat(m.getString("model_sha256")).isEqualTo(ModelFile.sha256(out.resolve("model.txt")));
    assertThat(m.getJsonObject("fallback").getJsonArray("available").getList()).contains("random-forest");
    assertThat(m.getJsonObject("shift_suite").getJsonObject("shifts").fieldNames()).isNotEmpty();
    assertThat(m.getJsonObject("metrics").getJsonObject("holdout").getJsonObject("primary").getDouble("accuracy"))
        .isBetween(0.6, 1.0);
    assertThat(out.resolve("baseline.json")).isRegularFile();
    assertThat(out.resolve("fallback")).isDirectory();

    ModelVersion v = ModelRegistry.scan(tmp.resolve("models")).get("colours");
    assertThat(v.labels()).containsExactly("no", "yes");
    assertThat(v.manifest().derived()).isFalse();

    Cli.Run eval = Cli.run(tmp, "evaluate", "--model", out.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("primary").contains("random-forest").contains("shift");
  }

  @Test
  void withoutAReferenceItWritesTheDerivedManifestOnlyAndRefusesMistakesInOneLine(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("models/iris/1");
    Cli.Run r = Cli.run(tmp, "import", "--model", PY.resolve("iris").toString(), "--out", out.toString(),
        "--labels", "setosa,versicolor,virginica");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("no --reference");
    assertThat(out.resolve("baseline.json")).doesNotExist();
    assertThat(ModelRegistry.scan(tmp.resolve("models")).get("iris").labels())
        .containsExactly("setosa", "versicolor", "virginica");

    Cli.Run mlflow = Cli.run(tmp, "import", "--model", PY.resolve("pandas-categorical-mlflow").toString(), "--out",
        tmp.resolve("models/colours/2").toString());
    assertThat(mlflow.code()).as(mlflow.err()).isZero();

    for (String[] bad : new String[][] {
        {"--model", PY.resolve("iris/model.txt").toString(), "--out", tmp.resolve("x/1").toString(), "--labels", "a,b"},
        {"--model", PY.resolve("diabetes/model.txt").toString(), "--out", tmp.resolve("x/1").toString(), "--labels", "a,b"},
        {"--model", PY.resolve("iris/model.txt").toString(), "--out", tmp.resolve("x/1").toString(), "--threshold", "0.3"},
        {"--model", tmp.resolve("nothing.txt").toString(), "--out", tmp.resolve("x/1").toString()},
        {"--model", PY.resolve("iris/model.txt").toString(), "--out", tmp.resolve("x/1").toString(), "--label", "y"}}) {
      String[] args = new String[bad.length + 1];
      args[0] = "import";
      System.arraycopy(bad, 0, args, 1, bad.length);
      Cli.Run e = Cli.run(tmp, args);
      assertThat(e.code()).as(String.join(" ", args)).isNotZero();
      assertThat(e.errLines()).as(e.err()).hasSize(1);
      assertThat(e.err()).doesNotContain("Exception").startsWith("verdict import: ");
    }
  }
}
