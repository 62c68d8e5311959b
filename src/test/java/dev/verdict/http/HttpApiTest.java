package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.SharedServer;
import dev.verdict.TestModels;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint of the serving core over real HTTP, against the real shipped models. */
class HttpApiTest extends SharedServer {
  private static JsonObject json(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return new JsonObject(r.body());
  }

  @Test
  void rootDescribesTheServiceAndItsModels() throws Exception {
    HttpResponse<String> r = server.get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = json(r);
    assertThat(body.getString("name")).isEqualTo("verdict");
    assertThat(body.getString("default_model")).isEqualTo("product-classifier");
    assertThat(body.getJsonArray("models").stream().map(m -> ((JsonObject) m).getString("name")))
        .containsExactly("penguins", "product-classifier");
    assertThat(body.getJsonArray("endpoints").getList()).contains("POST /predict", "POST /predict/batch", "GET /health");
  }

  @Test
  void healthEndpoints() throws Exception {
    JsonObject health = json(server.get("/health"));
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getBoolean("model_loaded")).isTrue();
    assertThat(health.getJsonObject("models").getJsonObject("product-classifier").getString("version")).isEqualTo("1");
    HttpResponse<String> ready = server.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).getString("outcome")).isEqualTo("UP");
    assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void predictsTheSeedProductLikeTheInProcessPath() throws Exception {
    HttpResponse<String> r = server.postJson("/predict", TestModels.iphone());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    JsonObject body = json(r);
    ModelVersion v = TestModels.product();
    double[] expected;
    try (LightGbmScorer scorer = v.openScorer()) {
      expected = scorer.predict(v.pipeline().encode(TestModels.iphone()));
    }
    JsonObject probs = body.getJsonObject("probabilities");
    assertThat(probs.fieldNames()).containsExactlyInAnyOrderElementsOf(v.labels());
    double sum = 0;
    double max = 0;
    for (int k = 0; k < v.labels().size(); k++) {
      double p = probs.getDouble(v.labels().get(k));
      assertThat(p).isEqualTo(expected[k]);
      sum += p;
      max = Math.max(max, p);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-6));
    assertThat(body.getDouble("confidence")).isEqualTo(max);
    assertThat(body.getString("category")).isEqualTo("Technology/Phones").isEqualTo(body.getString("prediction"));
    assertThat(body.getJsonObject("model")).isEqualTo(new JsonObject().put("name", "product-classifier")
        .put("version", "1").put("path", "primary"));
  }

  @Test
  void requestIdIsEchoed() throws Exception {
    HttpResponse<String> r = server.postWith("/predict", "{\"title\":\"Avery binder\"}", "X-Request-Id", "trace-42");
    assertThat(r.headers().firstValue("X-Request-Id")).hasValue("trace-42");
  }

  @Test
  void numericModelTakesPositionalFeaturesAndNamedFields() throws Exception {
    JsonObject pos = json(server.postJson("/models/penguins/predict", Map.of("features", List.of(47.5, 15.0, 218, 4950))));
    assertThat(pos.getString("prediction")).isEqualTo("Gentoo");
    assertThat(pos.getString("species")).isEqualTo("Gentoo");
    assertThat(pos.getJsonObject("model").getString("name")).isEqualTo("penguins");
    JsonObject named = json(server.postJson("/models/penguins/predict", Map.of("bill_length_mm", 47.5,
        "bill_depth_mm", 15.0, "flipper_length_mm", 218, "body_mass_g", 4950)));
    assertThat(named.getJsonObject("probabilities")).isEqualTo(pos.getJsonObject("probabilities"));
    JsonObject viaName = json(server.postJson("/models/product-classifier/predict", Map.of("title", "Xerox 1967")));
    assertThat(viaName.getString("category")).isEqualTo("Office Supplies/Paper");
  }

  @Test
  void batchKeepsInputOrderAndMatchesSinglePredictions() throws Exception {
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<Integer> holdout = data.indicesOf("holdout").subList(0, 100);
    JsonArray batch = new JsonArray();
    for (int i : holdout) {
      Map<String, Object> r = new java.util.HashMap<>(data.records().get(i));
      r.remove("category");
      r.remove("split");
      batch.add(new JsonObject(r));
    }
    HttpResponse<String> r = server.postJson("/predict/batch", batch.encode());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray preds = json(r).getJsonArray("predictions");
    assertThat(preds).hasSize(100);
    ModelVersion v = TestModels.product();
    int routed = 0;
    try (LightGbmScorer scorer = v.openScorer()) {
      for (int i = 0; i < 100; i++) {
        double[] p = scorer.predict(v.pipeline().encode(batch.getJsonObject(i).getMap()));
        JsonObject got = preds.getJsonObject(i);
        if (!"primary".equals(got.getJsonObject("model").getString("path"))) {
          // routed by its own support (e.g. a one-word title): not the primary's probabilities
          assertThat(got.getJsonObject("support").getBoolean("in_support")).isFalse();
          routed++;
          continue;
        }
        for (int k = 0; k < p.length; k++) {
          assertThat(got.getJsonObject("probabilities").getDouble(v.labels().get(k))).isCloseTo(p[k], within(1e-12));
        }
      }
    }
    assertThat(routed).as("holdout rows routed by their own support").isLessThanOrEqualTo(3);
    long correct = 0;
    for (int i = 0; i < 100; i++) {
      if (preds.getJsonObject(i).getString("category").equals(data.labels().get(holdout.get(i)))) {
        correct++;
      }
    }
    assertThat(correct).isGreaterThan(85);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> r = server.post("/predict", "application/json", "{\"title\": \"x\", ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getString("error")).isEqualTo("request body is not valid JSON");
  }

  @Test
  void schemaViolationsAre422NamingEveryField() throws Exception {
    HttpResponse<String> r = server.postJson("/predict",
        "{\"title\": \"\", \"price\": \"cheap\", \"rating\": 9, \"reviews_count\": -1, \"brand\": 7}");
    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject body = json(r);
    assertThat(body.getString("error")).contains("schema");
    assertThat(body.getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field") + ": "
        + ((JsonObject) d).getString("message"))).containsExactlyInAnyOrder(
        "title: must contain at least one letter or digit", "price: must be a number", "rating: must be <= 5",
        "reviews_count: must be >= 0", "brand: must be a string");
    HttpResponse<String> missing = server.postJson("/predict", "{\"brand\": \"Apple\"}");
    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(json(missing).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("title");
    HttpResponse<String> notObject = server.postJson("/predict", "[1, 2]");
    assertThat(notObject.statusCode()).isEqualTo(422);
    HttpResponse<String> punctuation = server.postJson("/predict", "{\"title\": \"!!!\"}");
    assertThat(punctuation.statusCode()).isEqualTo(422);
    assertThat(json(punctuation).getJsonArray("details").getJsonObject(0).getString("message"))
        .isEqualTo("must contain at least one letter or digit");
  }

  @Test
  void batchLimitsAre422() throws Exception {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 101; i++) {
      big.add(new JsonObject().put("title", "stapler " + i));
    }
    HttpResponse<String> over = server.postJson("/predict/batch", big.encode());
    assertThat(over.statusCode()).isEqualTo(422);
    assertThat(json(over).getJsonArray("details").getJsonObject(0).getString("message"))
        .isEqualTo("must hold at most 100 records (got 101)");
    assertThat(server.postJson("/predict/batch", "[]").statusCode()).isEqualTo(422);
    HttpResponse<String> bad = server.postJson("/predict/batch", "[{\"title\": \"ok\"}, {\"title\": 5}]");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("[1].title");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String body = "{\"title\": \"" + "a".repeat(1_100_000) + "\"}";
    HttpResponse<String> r = server.postJson("/predict", body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).getString("error")).contains("1048576 bytes");
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    assertThat(server.post("/predict", "text/plain", "{\"title\": \"x\"}").statusCode()).isEqualTo(415);
    // another JSON-like media type is not application/json; a charset parameter is
    assertThat(server.post("/predict", "application/json-patch+json", "{\"title\": \"x\"}").statusCode()).isEqualTo(415);
    assertThat(server.post("/predict", "application/json; charset=utf-8", "{\"title\": \"x\"}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> none = server.post("/predict", null, "{\"title\": \"x\"}");
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(json(none).getString("error")).isEqualTo("Content-Type must be application/json");
  }

  @Test
  void unknownModelRouteAndMethod() throws Exception {
    HttpResponse<String> model = server.postJson("/models/nope/predict", "{\"title\": \"x\"}");
    assertThat(model.statusCode()).isEqualTo(404);
    assertThat(json(model).getString("error")).isEqualTo("unknown model: nope");
    HttpResponse<String> route = server.get("/nothing-here");
    assertThat(route.statusCode()).isEqualTo(404);
    assertThat(json(route).getString("error")).isEqualTo("no such endpoint");
    HttpResponse<String> method = server.get("/predict");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(json(method).containsKey("error")).isTrue();
  }

  @Test
  void overlongRequestLineGetsAJsonError() throws Exception {
    // a raw socket: the JDK client would try an HTTP/2 upgrade and turn this into a header problem
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.port)) {
      sock.getOutputStream().write(("GET /predict?x=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(response).matches("(?s)HTTP/1\\.[01] 414 .*").contains("application/json")
          .endsWith("{\"error\":\"request line too long\"}");
    }
  }

  @Test
  void theServerKeepsServingAfterBadInput() throws Exception {
    List<HttpResponse<String>> rs = new ArrayList<>();
    for (String body : List.of("{", "null", "[]", "{\"title\": null}", "\"str\"", "{\"title\": [1]}")) {
      rs.add(server.postJson("/predict", body));
    }
    assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).isBetween(400, 499));
    assertThat(server.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
  }

  @Test
  void positionalFeaturesOnANamedFieldModelArePointedAtTheModelsThatTakeThem() throws Exception {
    HttpResponse<String> r = server.postJson("/predict", new JsonObject().put("features",
        new io.vertx.core.json.JsonArray().add(39.1).add(18.7).add(181).add(3750)).encode());
    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonArray("details").encode()).contains("title");
    assertThat(body.getString("hint")).contains("product-classifier takes named fields (title")
        .contains("penguins (4 numbers: POST /models/penguins/predict)");
    // and the route it names answers that very body
    HttpResponse<String> there = server.postJson("/models/penguins/predict", new JsonObject().put("features",
        new io.vertx.core.json.JsonArray().add(39.1).add(18.7).add(181).add(3750)).encode());
    assertThat(there.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(there.body()).getString("prediction")).isEqualTo("Adelie");
    // an ordinary invalid body gets no hint
    assertThat(new JsonObject(server.postJson("/predict", "{\"price\": 3}").body()).containsKey("hint")).isFalse();
  }
}
