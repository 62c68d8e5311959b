package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminAndDriftRoutesTest {
  private static HttpResponse<String> reset(VerdictServer s, String path, String header, String value) throws Exception {
    return header == null ? s.postWith(path, null) : s.postWith(path, null, header, value);
  }

  @Test
  void driftReportAndAdminReset() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("admin_api_key", "s3cret-key"))) {
      // the warm-up requests' scored events arrive in a batch within 100 ms: let them land before resetting
      dev.verdict.Traffic.awaitDrift(s, "product-classifier", d -> d.getLong("events") >= 2);
      JsonObject all = new JsonObject(s.get("/drift").body());
      assertThat(all.getJsonObject("models").fieldNames()).containsExactlyInAnyOrder("product-classifier", "penguins");
      JsonObject pc = all.getJsonObject("models").getJsonObject("product-classifier");
      assertThat(pc.getString("state")).isEqualTo("ok");
      assertThat(pc.getJsonObject("features").getJsonObject("price").getDouble("psi_alarm")).isEqualTo(0.25);
      assertThat(pc.getJsonArray("unmonitored").getList()).contains("rating", "reviews_count");
      assertThat(s.get("/models/nope/drift").statusCode()).isEqualTo(404);

      assertThat(reset(s, "/drift/reset", null, null).statusCode()).isEqualTo(401);
      assertThat(reset(s, "/drift/reset", "X-API-Key", "s3cret-kez").statusCode()).isEqualTo(401);
      HttpResponse<String> ok = reset(s, "/drift/reset", "X-API-Key", "s3cret-key");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ok.body()).getInteger("reset")).isEqualTo(2);
      HttpResponse<String> one = reset(s, "/models/penguins/drift/reset", "Authorization", "Bearer s3cret-key");
      assertThat(new JsonObject(one.body()).getInteger("reset")).isEqualTo(1);
      JsonObject after = new JsonObject(s.get("/models/product-classifier/drift").body())
          .getJsonObject("models").getJsonObject("product-classifier");
      assertThat(after.getJsonObject("window").getInteger("filled")).isZero();
    }
  }

  @Test
  void adminRoutesAreDisabledWithoutAKey() throws Exception {
    try (VerdictServer s = VerdictServer.start()) {
      HttpResponse<String> r = reset(s, "/drift/reset", "X-API-Key", "anything");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(r.body()).getString("error")).contains("disabled");
    }
  }

  @Test
  void driftCanBeSwitchedOff() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("drift", new JsonObject().put("enabled", false)))) {
      assertThat(s.get("/drift").statusCode()).isEqualTo(503);
      assertThat(s.postJson("/predict", "{\"title\": \"Xerox 1967\"}").statusCode()).isEqualTo(200);
    }
  }
}
