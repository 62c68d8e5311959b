package dev.verdict.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small table, trained, loaded back through DJL and scored: the whole train → load → predict loop. */
class TrainRoundTripTest {

  @Test
  void trainLoadPredict(@TempDir Path tmp) throws Exception {
    StringBuilder rows = new StringBuilder();
    String[][] kinds = {{"stapler", "Office Supplies/Fasteners"}, {"bookcase", "Furniture/Bookcases"},
        {"phone", "Technology/Phones"}};
    for (int i = 0; i < 90; i++) {
      String[] k = kinds[i % 3];
      String split = i < 60 ? "train" : i < 75 ? "validation" : "holdout";
      rows.append(new JsonObject().put("title", "Acme " + k[0] + " model " + i).put("brand", "Acme")
          .put("price", 10.0 + i).put("category", k[1]).put("split", split).encode()).append('\n');
    }
    Path data = tmp.resolve("tiny.jsonl");
    Files.writeString(data, rows);
    JsonObject spec = new JsonObject(Files.readString(Path.of("conf/train/product-classifier.json")))
        .put("name", "tiny").put("max_rounds", 30).put("random_forest", new JsonObject().put("trees", 5));
    spec.getJsonObject("lightgbm").put("min_data_in_leaf", 1);
    Path specFile = tmp.resolve("tiny.json");
    Files.writeString(specFile, spec.encode());

    Path out = tmp.resolve("tiny/7");
    JsonObject manifest = new Trainer(new PrintStream(java.io.OutputStream.nullOutputStream()))
        .train(TrainSpec.read(specFile), data, out);
    assertThat(manifest.getString("version")).isEqualTo("7");
    assertThat(out.resolve("model.txt")).isRegularFile();
    assertThat(out.resolve("baseline.json")).isRegularFile();
    assertThat(out.resolve("fallback/random-forest.ser.gz")).isRegularFile();
    assertThat(out.resolve("fallback/naive-bayes.ser.gz")).isRegularFile();
    assertThat(out.resolve("fallback/rules.json")).isRegularFile();

    ModelVersion v = ModelVersion.open(out);
    assertThat(v.labels()).containsExactly("Furniture/Bookcases", "Office Supplies/Fasteners", "Technology/Phones");
    JsonObject baseline = new JsonObject(Files.readString(out.resolve("baseline.json")));
    assertThat(baseline.getJsonObject("groups").getJsonObject("price").getDouble("missing_rate")).isZero();
    assertThat(baseline.getJsonObject("groups").getJsonObject("rating").getDouble("missing_rate")).isEqualTo(1.0);
    try (LightGbmScorer s = v.openScorer()) {
      FeatureVector x = v.pipeline().encode(Map.of("title", "Acme bookcase deluxe", "price", 50.0));
      double[] p = s.predict(x);
      assertThat(v.labels().get(Metrics.argmax(p))).isEqualTo("Furniture/Bookcases");
      assertThat(p[0]).isGreaterThan(0.5);
    }
  }
}
