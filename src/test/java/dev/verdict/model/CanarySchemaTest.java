package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary whose inputs differ from stable's: the door chooses the version once, so a request the canary will
 * answer is validated against the canary's own fields (REST and OIP), and the canary scores exactly what was
 * validated. Before, the door validated against stable and the worker scored the canary.
 */
class CanarySchemaTest {
  @Test
  void aCanaryWithOtherInputsIsValidatedAgainstItsOwnFields(@TempDir Path root) throws Exception {
    TestModels.copyTree(TestModels.MODELS.resolve("penguins"), root.resolve("penguins"));
    Path v2 = root.resolve("penguins/2");
    Files.createDirectories(v2);
    // a model.txt alone: its fields are the booster's own, Column_0 .. Column_3
    TestBoosters.train(v2, 3, "objective=multiclass num_class=3 num_leaves=7", 5);
    Files.writeString(root.resolve("penguins/aliases.json"), new JsonObject().put("stable", "1").put("canary", "2")
        .put("canary_weight", 1.0).encode());
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "default_model", "penguins"))) {
      // a penguin record goes to the canary (weight 1) and is refused by the canary's fields, not scored
      HttpResponse<String> penguin = s.postJson("/models/penguins/predict", new JsonObject()
          .put("bill_length_mm", 47.5).put("bill_depth_mm", 15.0).put("flipper_length_mm", 218)
          .put("body_mass_g", 4950).encode());
      assertThat(penguin.statusCode()).as(penguin.body()).isEqualTo(422);
      assertThat(penguin.body()).contains("names none of the model's fields").contains("Column_0");

      HttpResponse<String> own = s.postJson("/models/penguins/predict", new JsonObject().put("Column_0", 5)
          .put("Column_1", 1.5).put("Column_2", 0.0).put("Column_3", -0.2).encode());
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
      assertThat(new JsonObject(own.body()).getJsonObject("model").getString("version")).isEqualTo("2");

      // OIP reads the tensors against the canary's inputs too: one per field, by the canary's names
      JsonArray inputs = new JsonArray();
      for (String f : new String[] {"Column_0", "Column_1", "Column_2", "Column_3"}) {
        inputs.add(new JsonObject().put("name", f).put("datatype", "FP64").put("shape", new JsonArray().add(1))
            .put("data", new JsonArray().add(1.0)));
      }
      HttpResponse<String> oip = s.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs", inputs).encode());
      assertThat(oip.statusCode()).as(oip.body()).isEqualTo(200);
      assertThat(new JsonObject(oip.body()).getString("model_version")).isEqualTo("2");
      HttpResponse<String> oipPenguin = s.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
          new JsonArray().add(new JsonObject().put("name", "bill_length_mm").put("datatype", "FP64")
              .put("shape", new JsonArray().add(1)).put("data", new JsonArray().add(47.5)))).encode());
      assertThat(oipPenguin.statusCode()).as(oipPenguin.body()).isIn(400, 422);

      // the stable version, pinned, still takes penguins
      assertThat(s.postJson("/models/penguins/versions/1/predict", "{\"features\": [47.5, 15.0, 218, 4950]}")
          .statusCode()).isEqualTo(200);
    }
  }
}
