package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of {@code docs/tutorial.md}, in order, in a scratch copy of the repository: train on a
 * table with no split column, evaluate, serve it beside the shipped models by configuration alone (a new
 * directory under {@code models/}), call it over REST and OIP. {@code java -jar target/verdict.jar} runs the
 * test classpath's {@code Main} (the jar is packaged after the tests).
 */
class TutorialTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void theTutorialsCommandsWork(@TempDir Path repo) throws Exception {
    dev.verdict.Tools.require("curl", "curl");
    Files.createDirectories(repo.resolve("data"));
    Files.copy(ROOT.resolve("data/cars.jsonl"), repo.resolve("data/cars.jsonl"));
    TestModels.copyTree(ROOT.resolve("conf"), repo.resolve("conf"));
    TestModels.copyTree(ROOT.resolve("models"), repo.resolve("models"));
    List<String> blocks = DocRunner.blocks(ROOT.resolve("docs/tutorial.md"));
    assertThat(blocks).as("train, evaluate, serve, two REST calls, one OIP call").hasSize(6);
    try (DocRunner.Session session = new DocRunner.Session(repo)) {
      List<String> outputs = session.run(blocks);
      assertThat(session.server).as("the tutorial starts the server").isNotNull();

      assertThat(outputs.get(0)).contains("cars: 406 rows (train 284, validation 61, holdout 61; split stratified by"
          + " label, seed 42, ratios 70/15/15), 3 classes, 7 features");
      JsonObject manifest = new JsonObject(Files.readString(repo.resolve("models/cars/1/manifest.json")));
      JsonObject split = manifest.getJsonObject("training").getJsonObject("split");
      assertThat(split.getString("source")).isEqualTo("derived");
      assertThat(split.getJsonObject("counts")).isEqualTo(new JsonObject().put("train", 284).put("validation", 61)
          .put("holdout", 61));
      // evaluate re-derived the same 61 holdout rows, without --data
      assertThat(outputs.get(1)).contains("cars/1 on").contains("(holdout, 61 rows)");
      double accuracy = manifest.getJsonObject("metrics").getJsonObject("holdout").getJsonObject("primary")
          .getDouble("accuracy");
      assertThat(outputs.get(1)).as("evaluate's holdout accuracy is train's")
          .containsPattern("primary +" + Pattern.quote(String.format("%.4f", accuracy)));

      JsonObject named = new JsonObject(outputs.get(2));
      JsonObject positional = new JsonObject(outputs.get(3));
      assertThat(named.getString("Origin")).isIn("USA", "Europe", "Japan");
      assertThat(named.getString("prediction")).isEqualTo(named.getString("Origin"));
      assertThat(named.getJsonObject("probabilities").fieldNames()).containsExactlyInAnyOrder("USA", "Europe", "Japan");
      assertThat(positional.getJsonObject("probabilities")).isEqualTo(named.getJsonObject("probabilities"));
      JsonArray oip = new JsonObject(outputs.get(4)).getJsonArray("outputs");
      assertThat(oip.getJsonObject(0).getJsonArray("data").getString(0)).isEqualTo(named.getString("Origin"));
      assertThat(oip.getJsonObject(1).getJsonArray("shape").getList()).containsExactly(2, 3);

      JsonObject models = new JsonObject(DocRunner.get(session.port, "/models"));
      assertThat(models.encode()).contains("\"cars\"").contains("\"product-classifier\"").contains("\"penguins\"");
    }
  }
}
