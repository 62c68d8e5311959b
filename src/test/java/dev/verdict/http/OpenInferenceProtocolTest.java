package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.SharedServer;
import dev.verdict.TestModels;
import dev.verdict.model.LightGbmScorer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open Inference Protocol (KServe V2) REST: server, model metadata and readiness, tensor inference. */
class OpenInferenceProtocolTest extends SharedServer {
  @Test
  void serverAndModelEndpoints() throws Exception {
    assertThat(new JsonObject(server.get("/v2").body()).getString("name")).isEqualTo("verdict");
    assertThat(new JsonObject(server.get("/v2/health/live").body()).getBoolean("live")).isTrue();
    assertThat(new JsonObject(server.get("/v2/health/ready").body()).getBoolean("ready")).isTrue();
    JsonObject meta = new JsonObject(server.get("/v2/models/penguins").body());
    assertThat(meta.getJsonArray("versions").getList()).containsExactly("1");
    assertThat(meta.getJsonArray("inputs").getJsonObject(0).getJsonArray("shape").getList()).containsExactly(-1, 4);
    assertThat(new JsonObject(server.get("/v2/models/penguins/versions/1/ready").body()).getBoolean("ready")).isTrue();
    assertThat(server.get("/v2/models/penguins/versions/9").statusCode()).isEqualTo(404);
    assertThat(server.get("/v2/models/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void numericTensorInference() throws Exception {
    JsonObject req = new JsonObject().put("id", "r-1").put("inputs", new JsonArray().add(new JsonObject()
        .put("name", "features").put("datatype", "FP32").put("shape", new JsonArray().add(2).add(4))
        .put("data", new JsonArray().add(39.1).add(18.7).add(181).add(3750).add(47.5).add(15.0).add(218).add(4950))));
    HttpResponse<String> r = server.postJson("/v2/models/penguins/versions/1/infer", req.encode());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("id")).isEqualTo("r-1");
    assertThat(body.getString("model_version")).isEqualTo("1");
    JsonObject predict = body.getJsonArray("outputs").getJsonObject(0);
    assertThat(predict.getJsonArray("data").getList()).containsExactly("Adelie", "Gentoo");
    JsonObject proba = body.getJsonArray("outputs").getJsonObject(1);
    assertThat(proba.getJsonArray("shape").getList()).containsExactly(2, 3);
    try (LightGbmScorer s = TestModels.penguins().openScorer()) {
      double[] p = s.predict(TestModels.penguins().pipeline().encodePositional(List.of(39.1, 18.7, 181, 3750)));
      for (int k = 0; k < 3; k++) {
        assertThat(proba.getJsonArray("data").getDouble(k)).isCloseTo(p[k], within(1e-12));
      }
    }
  }

  @Test
  void productFieldsAsBytesAndNumberTensors() throws Exception {
    JsonObject req = new JsonObject().put("inputs", new JsonArray()
        .add(new JsonObject().put("name", "title").put("datatype", "BYTES").put("shape", new JsonArray().add(2))
            .put("data", new JsonArray().add("Bush Somerset Collection Bookcase").add("Xerox 1967")))
        .add(new JsonObject().put("name", "price").put("datatype", "FP64").put("shape", new JsonArray().add(2))
            .put("data", new JsonArray().add(261.96).add(6.48))));
    JsonObject body = new JsonObject(server.postJson("/v2/models/product-classifier/infer", req.encode()).body());
    assertThat(body.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getList())
        .containsExactly("Furniture/Bookcases", "Office Supplies/Paper");
  }

  @Test
  void badTensorsAreClearErrors() throws Exception {
    HttpResponse<String> shape = server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(new JsonObject().put("name", "features").put("datatype", "FP32")
            .put("shape", new JsonArray().add(1).add(3)).put("data", new JsonArray().add(1).add(2).add(3)))).encode());
    assertThat(shape.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(shape.body()).getString("error")).contains("shape [N, 4]");
    assertThat(server.postJson("/v2/models/penguins/infer", "{").statusCode()).isEqualTo(400);
    HttpResponse<String> empty = server.postJson("/v2/models/product-classifier/infer", new JsonObject().put("inputs",
        new JsonArray().add(new JsonObject().put("name", "title").put("datatype", "BYTES")
            .put("shape", new JsonArray().add(1)).put("data", new JsonArray().add("")))).encode());
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(empty.body()).getString("error")).isNotBlank();
  }
}
