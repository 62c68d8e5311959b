package dev.verdict.http;

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

/** Beyond max_in_flight, requests are refused at once with 503 + Retry-After; nothing queues without bound. */
class BackpressureTest {

  @Test
  void excessRequestsGet503WithRetryAfterAndServiceRecovers() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    InferenceHooks hooks = TestHooks.slowWhile(slow, 200); // a slow model: the workers fall behind
    try (VerdictServer s = VerdictServer.start(Map.of("max_in_flight", 4, "workers", 2), hooks)) {
      List<JsonObject> burst = Traffic.holdout(41).subList(0, 40);
      long t0 = System.nanoTime();
      List<Traffic.Answer> answers = Traffic.post(s, "/predict", burst, 40);
      Map<String, Long> paths = Traffic.paths(answers);
      assertThat(paths.get("HTTP 503")).as(paths.toString()).isGreaterThan(20L);
      assertThat(paths.getOrDefault("primary", 0L) + paths.getOrDefault("fallback", 0L)).isGreaterThanOrEqualTo(4L);
      assertThat(answers).filteredOn(a -> a.status() == 503).allSatisfy(a -> {
        assertThat(a.body().getString("error")).contains("at capacity");
        assertThat(a.retryAfter()).isEqualTo("1");
      });
      assertThat((System.nanoTime() - t0) / 1e9).as("refusals are immediate, not queued").isLessThan(5.0);
      slow.set(false);
      Thread.sleep(500);
      assertThat(Traffic.paths(Traffic.post(s, "/predict", burst.subList(0, 10), 2))).isEqualTo(Map.of("primary", 10L));
      String metrics = s.get("/metrics").body();
      assertThat(metrics).contains("verdict_errors_total{code=\"overloaded\"");
      assertThat(metrics).contains("verdict_inflight_requests 0.0");
    }
  }
}
