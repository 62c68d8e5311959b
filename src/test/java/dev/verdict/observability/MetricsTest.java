package dev.verdict.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.Traffic;
import dev.verdict.TestHooks;
import dev.verdict.VerdictServer;
import dev.verdict.inference.InferenceHooks;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Every metric Verdict promises exists in /metrics and moves with traffic. */
class MetricsTest {

  private static double sum(String exposition, String name, Map<String, String> labels) {
    return VerdictServer.sum(exposition, name, labels);
  }

  @Test
  void verdictMetricsExistAndMove() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    InferenceHooks hooks = TestHooks.failingWhile(broken);
    // routing off: every answer here is the primary's or a failure's, so the counts are exact
    try (VerdictServer s = VerdictServer.start(Map.of("drift", new JsonObject().put("fallback_policy", "off")), hooks)) {
      String before = s.get("/metrics").body();
      Map<String, String> pc = Map.of("model", "product-classifier", "version", "1");
      double primaryBefore = sum(before, "verdict_predictions_total", Map.of("path", "primary"));
      double fallbackBefore = sum(before, "verdict_predictions_total", Map.of("path", "fallback"));

      List<JsonObject> holdout = Traffic.holdout(21).subList(0, 50);
      Traffic.post(s, "/predict", holdout, 4);
      Traffic.post(s, "/predict/batch", List.of(new JsonObject().put("x", 1)), 1); // 422
      s.postJson("/predict/batch", "[" + String.join(",", holdout.subList(0, 10).stream().map(JsonObject::encode).toList()) + "]");
      broken.set(true);
      Traffic.post(s, "/predict", holdout.subList(0, 5), 1);
      broken.set(false);

      // scored events reach the drift verticle in batches: wait for all 67, then scrape
      Traffic.awaitDrift(s, "product-classifier", d -> d.getLong("events") >= 67);
      String after = s.get("/metrics").body();
      assertThat(sum(after, "verdict_predictions_total", Map.of("path", "primary")) - primaryBefore).isEqualTo(60.0);
      assertThat(sum(after, "verdict_predictions_total", Map.of("path", "fallback")) - fallbackBefore).isEqualTo(5.0);
      assertThat(sum(after, "verdict_predictions_total", Map.of("class", "Office Supplies/Binders"))).isPositive();
      assertThat(sum(after, "verdict_request_seconds_count", Map.of("endpoint", "/predict", "status", "200",
          "model", "product-classifier"))).isGreaterThanOrEqualTo(55.0);
      assertThat(after).contains("verdict_request_seconds_bucket{endpoint=\"/predict\"");
      assertThat(sum(after, "verdict_inference_seconds_count", pc)).isGreaterThanOrEqualTo(56.0);
      assertThat(sum(after, "verdict_queue_wait_seconds_count", Map.of("model", "product-classifier"))).isGreaterThanOrEqualTo(56.0);
      assertThat(sum(after, "verdict_batch_size_records_bucket", Map.of("model", "product-classifier", "le", "10.0"))
          - sum(after, "verdict_batch_size_records_bucket", Map.of("model", "product-classifier", "le", "5.0"))).isEqualTo(1.0);
      assertThat(sum(after, "verdict_prediction_confidence_count", Map.of("path", "fallback"))).isEqualTo(5.0);
      assertThat(sum(after, "verdict_errors_total", Map.of("status", "422", "code", "invalid_input"))).isEqualTo(1.0);
      assertThat(sum(after, "verdict_model_loaded", pc)).isEqualTo(1.0);
      assertThat(sum(after, "verdict_model_load_seconds", pc)).isPositive();
      assertThat(sum(after, "verdict_drift_state", Map.of("model", "product-classifier", "kind", "data"))).isZero();
      assertThat(after).containsPattern("verdict_drift_score\\{group=\"price\",model=\"product-classifier\",statistic=\"psi\",version=\"1\"} [0-9.]+");
      assertThat(after).contains("vertx_http_server_requests_total{code=\"200\",method=\"POST\",route=\"/predict\"}");
      assertThat(after).contains("jvm_memory_used_bytes");
      // the opt-in Vert.x domains stay out by default
      assertThat(after).doesNotContain("vertx_pool_").doesNotContain("vertx_eventbus_");
      // route templates, never raw paths: an unknown path adds no new label value
      s.get("/no/such/path/" + System.nanoTime());
      assertThat(s.get("/metrics").body()).doesNotContain("/no/such/path");
    }
  }

  @Test
  void metricsCanBeSwitchedOff() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("metrics_enabled", "false"))) {
      assertThat(s.get("/metrics").statusCode()).isEqualTo(404);
      assertThat(s.postJson("/predict", "{\"title\": \"Xerox 1967\"}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void vertxPoolAndEventBusMetersAreOptIn() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("metrics_vertx_pools", "true", "metrics_event_bus", "true"))) {
      Traffic.post(s, "/predict", Traffic.holdout(22).subList(0, 10), 2);
      String m = s.get("/metrics").body();
      assertThat(sum(m, "vertx_pool_usage_seconds_count", Map.of("pool_type", "worker"))).isGreaterThanOrEqualTo(10.0);
      assertThat(sum(m, "vertx_eventbus_processed_total", Map.of("address", "verdict.predict.local"))).isGreaterThanOrEqualTo(10.0);
    }
  }

  @Test
  void vertxInstrumentationCanBeDroppedWhileVerdictAndJvmMetersStay() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("metrics_vertx", "false"))) {
      assertThat(s.postJson("/predict", "{\"title\": \"Xerox 1967\"}").statusCode()).isEqualTo(200);
      String m = s.get("/metrics").body();
      assertThat(m).doesNotContain("vertx_http_server_requests_total")
          .contains("verdict_request_seconds_count{endpoint=\"/predict\"")
          .contains("verdict_inference_seconds_count").contains("jvm_memory_used_bytes").contains("jvm_gc_");
    }
  }
}
