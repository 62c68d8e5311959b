package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which scorer a served version uses, as a real server reports it on {@code GET /models}: compiled once proven
 * against the DJL-loaded booster; the booster, with the reason, for a model the compiler refuses.
 */
class ScorerSelectionTest {

  /** The shipped models, with penguins replaced by a linear-tree model of the same shape (4 features, 3 classes). */
  private static Path rootWithLinearPenguins(Path root) throws Exception {
    for (String m : new String[] {"product-classifier", "penguins"}) {
      TestModels.copyTree(TestModels.MODELS.resolve(m), root.resolve(m));
    }
    TestBoosters.train(root.resolve("penguins/1"), 3, "objective=multiclass num_class=3 linear_tree=true num_leaves=7",
        10);
    return root;
  }

  @Test
  void autoCompilesWhatItCanProveAndServesTheRestThroughTheBoosterSayingWhy(@TempDir Path tmp) throws Exception {
    Path root = rootWithLinearPenguins(tmp);
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString()))) {
      JsonObject models = new JsonObject(s.get("/models").body());
      JsonObject product = scorerOf(models, "product-classifier");
      assertThat(product.getString("kind")).isEqualTo("compiled");
      assertThat(product.getJsonObject("check").getInteger("raw_mismatches")).isZero();
      assertThat(product.getJsonObject("check").getInteger("rows")).isEqualTo(ScorerCheck.LOAD_FUZZ_ROWS + 2);
      JsonObject penguins = scorerOf(models, "penguins");
      assertThat(penguins.getString("kind")).isEqualTo("lightgbm");
      assertThat(penguins.getString("reason")).contains("linear tree");

      // both still answer: the compiled one like the booster, the refused one through the booster
      HttpResponse<String> r = s.postJson("/v2/models/penguins/infer", "{\"inputs\": [{\"name\": \"features\", "
          + "\"shape\": [1, 4], \"datatype\": \"FP64\", \"data\": [47.5, 15.0, 218, 4950]}]}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      ModelVersion v = TestModels.product();
      JsonObject answer = new JsonObject(s.postJson("/predict", TestModels.iphone()).body());
      try (LightGbmScorer booster = v.openBooster()) {
        double[] want = booster.boosterPredict(v.pipeline().encode(TestModels.iphone()));
        for (int k = 0; k < want.length; k++) {
          double got = answer.getJsonObject("probabilities").getDouble(v.labels().get(k));
          assertThat(ScorerCheck.ulps(got, want[k])).isLessThanOrEqualTo(ScorerCheck.OUTPUT_ULP_BOUND);
        }
      }
    }
  }

  @Test
  void compiledModeRejectsAVersionItCannotCompileAndLightgbmModeCompilesNothing(@TempDir Path tmp) throws Exception {
    Path root = rootWithLinearPenguins(tmp);
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "scorer", "compiled"))) {
      JsonObject models = new JsonObject(s.get("/models").body());
      assertThat(scorerOf(models, "product-classifier").getString("kind")).isEqualTo("compiled");
      assertThat(models.encode()).contains("scorer=compiled, but model.txt cannot be compiled");
      assertThat(s.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
    }
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "scorer", "lightgbm"))) {
      JsonObject product = scorerOf(new JsonObject(s.get("/models").body()), "product-classifier");
      assertThat(product.getString("kind")).isEqualTo("lightgbm");
      assertThat(product.getString("reason")).contains("scorer=lightgbm");
    }
    assertThat(Files.readString(root.resolve("penguins/1/model.txt"))).contains("is_linear=1");
  }

  private static JsonObject scorerOf(JsonObject models, String name) {
    for (Object o : models.getJsonArray("models")) {
      JsonObject m = (JsonObject) o;
      if (name.equals(m.getString("name"))) {
        return m.getJsonObject("versions").getJsonObject("1").getJsonObject("scorer");
      }
    }
    throw new AssertionError(name + " not in " + models.encode());
  }
}
