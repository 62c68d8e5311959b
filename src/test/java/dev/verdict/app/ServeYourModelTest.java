package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.TestModels;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of {@code docs/serve-your-model.md}, in order, in a scratch copy of the repository: lone
 * model files served, import with a labelled reference, evaluate, train a regression, then the page's calls
 * and the answers it shows (Python's own predictions for the same rows).
 */
class ServeYourModelTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void thePagesCommandsWorkAndAnswerAsItShows(@TempDir Path repo) throws Exception {
    dev.verdict.Tools.require("curl", "curl");
    for (String dir : new String[] {"conf", "data", "examples/python-models"}) {
      TestModels.copyTree(ROOT.resolve(dir), repo.resolve(dir));
    }
    List<String> blocks = DocRunner.blocks(ROOT.resolve("docs/serve-your-model.md"));
    assertThat(blocks).as("copy, import, evaluate, train, serve, six calls").hasSize(11);
    try (DocRunner.Session session = new DocRunner.Session(repo)) {
      List<String> out = session.run(blocks);
      assertThat(session.server).as("the page starts the server").isNotNull();
      assertThat(out.get(1)).contains("colours/1: binary (binary, classes no,yes), 3 fields")
          .contains("reference: 600 labelled rows");
      assertThat(out.get(2)).contains("AUC").contains("random-forest").contains("shift suite");
      assertThat(out.get(3)).contains("objective: regression (inferred: label \"Miles_per_Gallon\" is numeric");

      JsonObject iris = new JsonObject(out.get(4));
      assertThat(iris.getString("prediction")).isEqualTo("2");
      assertThat(iris.getJsonObject("probabilities").getDouble("2")).isCloseTo(0.9962081220231772, within(1e-9));
      JsonObject colours = new JsonObject(out.get(5));
      assertThat(colours.getString("prediction")).isEqualTo("yes");
      assertThat(colours.getJsonObject("probabilities").getDouble("yes")).isCloseTo(0.705983181412805, within(1e-9));
      assertThat(colours.getJsonObject("support").getJsonArray("unseen_categories").getList()).containsExactly("color");
      JsonObject sensor = new JsonObject(out.get(6));
      assertThat(sensor.getJsonArray("raw").getDouble(0)).isEqualTo(sensor.getDouble("prediction"));
      assertThat(new JsonObject(out.get(7)).getDouble("prediction")).isBetween(20.0, 35.0);
      JsonObject oip = new JsonObject(out.get(8));
      assertThat(oip.getJsonArray("outputs").getJsonObject(0).getString("datatype")).isEqualTo("FP64");
      assertThat(oip.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getDouble(1))
          .isEqualTo(sensor.getDouble("prediction"));
      assertThat(out.get(9)).contains("\"field\":\"bb\",\"message\":\"is not a field of this model; closest: b, a, c\"");

      String page = Files.readString(ROOT.resolve("docs/serve-your-model.md"));
      assertThat(page).as("the answers the page shows are the server's")
          .contains(iris.getJsonObject("probabilities").encode())
          .contains("\"prediction\":" + sensor.getDouble("prediction"));
    }
  }
}
