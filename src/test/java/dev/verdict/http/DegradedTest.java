package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import dev.verdict.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No model ready → 503 everywhere it matters; a worker that never answers → 504 within the send timeout. */
class DegradedTest {

  @Test
  void noModelReadyIs503AndHealthSaysSo(@TempDir Path empty) throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", empty.toString()))) {
      HttpResponse<String> p = s.postJson("/predict", TestModels.iphone());
      assertThat(p.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(p.body()).getString("error")).contains("no model is ready");
      assertThat(p.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> h = s.get("/health");
      assertThat(h.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(h.body()).getBoolean("model_loaded")).isFalse();
      assertThat(s.get("/health/ready").statusCode()).isEqualTo(503);
      assertThat(s.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(s.eventLoopBlocks()).isEmpty();
    }
  }

  @Test
  void aCorruptPrimaryStartsDegradedOnItsFallbackAndWithoutOneIsNotServed(@TempDir Path root) throws Exception {
    for (String m : new String[] {"product-classifier", "penguins"}) {
      TestModels.copyTree(TestModels.MODELS.resolve(m), root.resolve(m));
    }
    // penguins: model.txt truncated (LightGBM 3.2.1 would crash on it), fallback intact
    Path model = root.resolve("penguins/1/model.txt");
    String text = Files.readString(model);
    Files.writeString(model, text.substring(0, text.length() / 3));
    // product-classifier: model.txt gone *and* no fallback: nothing can answer for it
    Files.delete(root.resolve("product-classifier/1/model.txt"));
    try (var fb = Files.list(root.resolve("product-classifier/1/fallback"))) {
      for (Path f : fb.toList()) {
        Files.delete(f);
      }
    }
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "default_model", "penguins"))) {
      JsonObject health = new JsonObject(s.get("/health").body());
      assertThat(health.getString("status")).isEqualTo("degraded");
      assertThat(health.getJsonObject("models").getJsonObject("penguins").getString("status")).isEqualTo("degraded");
      assertThat(health.getJsonObject("models").getJsonObject("product-classifier").getString("status")).isEqualTo("failed");
      HttpResponse<String> r = s.postJson("/predict", "{\"features\": [47.5, 15.0, 218, 4950]}");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject answer = new JsonObject(r.body());
      assertThat(answer.getString("species")).isEqualTo("Gentoo");
      assertThat(answer.getJsonObject("model").getString("path")).isEqualTo("fallback");
      assertThat(answer.getJsonObject("model").getString("reason")).isEqualTo("primary model not loaded");
      // on disk but failed to load: unavailable with its reason, not unknown
      HttpResponse<String> failed = s.postJson("/models/product-classifier/predict", "{\"title\": \"x\"}");
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.body()).contains("model product-classifier failed to load: no model.txt");
    }
  }

  @Test
  void aHungWorkerTimesOutWith504(@TempDir Path root) throws Exception {
    TestModels.copyTree(TestModels.MODELS.resolve("penguins"), root.resolve("penguins"));
    // Only penguins is served and it is not the default: the only consumer of verdict.predict for the
    // default model below is the hung one registered by the test, which never replies.
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "default_model", "penguins",
        "workers", 1, "send_timeout_ms", 300))) {
      s.vertx.deployVerticle(new io.vertx.core.VerticleBase() {
        @Override
        public io.vertx.core.Future<?> start() {
          return vertx.eventBus().consumer(Addresses.PREDICT_LOCAL, m -> { /* hung: never replies */ }).completion();
        }
      }).await();
      int timeouts = 0;
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> r = s.postJson("/predict", "{\"features\": [47.5, 15.0, 218, 4950]}");
        assertThat(r.statusCode()).isIn(200, 504);
        if (r.statusCode() == 504) {
          timeouts++;
          assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("scoring timed out after 300 ms");
        }
      }
      // the bus alternates between the real worker and the hung consumer
      assertThat(timeouts).isEqualTo(3);
    }
  }
}
