package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.TestHooks;
import dev.verdict.VerdictServer;
import dev.verdict.inference.InferenceHooks;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What SIGTERM does (Serve's shutdown hook calls drain, then closes Vert.x): not ready, in-flight answered. */
class GracefulShutdownTest {

  @Test
  void drainingTurnsReadinessOffAndLetsInFlightRequestsFinish() throws Exception {
    InferenceHooks slow = TestHooks.slowWhile(new java.util.concurrent.atomic.AtomicBoolean(true), 400);
    try (VerdictServer s = VerdictServer.start(Map.of(), slow)) {
      CompletableFuture<HttpResponse<String>> inFlight = s.postAsync("/predict",
          new JsonObject(TestModels.iphone()).encode());
      Thread.sleep(100); // the request is now with a worker
      var drained = s.main.drain(5000);
      HttpResponse<String> ready = s.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("shutting down");
      assertThat(new JsonObject(s.get("/health").body()).getString("status")).isEqualTo("draining");
      HttpResponse<String> answered = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(answered.body()).getString("category")).isEqualTo("Technology/Phones");
      assertThat(drained.await(10, TimeUnit.SECONDS)).isZero();
      assertThat(answered.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answered.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
  }
}
