package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestHooks;
import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every scoring door goes through the one gateway: a rate limit holds on each of them (REST single, batch,
 * named, versioned; OIP REST, plain and versioned), one client's budget is shared across doors, and a graceful
 * shutdown waits for an OIP request in flight as for a REST one.
 */
class ScoringDoorsTest {
  private static final String PENGUIN = "{\"features\": [47.5, 15.0, 218, 4950]}";
  private static final String OIP = new JsonObject().put("inputs", new JsonArray().add(new JsonObject()
      .put("name", "features").put("datatype", "FP64").put("shape", new JsonArray().add(1).add(4))
      .put("data", new JsonArray().add(47.5).add(15.0).add(218).add(4950)))).encode();

  /** Each door with a body it accepts. */
  static Map<String, String> doors() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("/predict", new JsonObject(TestModels.iphone()).encode());
    d.put("/predict/batch", "[" + new JsonObject(TestModels.iphone()).encode() + "]");
    d.put("/models/penguins/predict", PENGUIN);
    d.put("/models/penguins/predict/batch", "[" + PENGUIN + "]");
    d.put("/models/penguins/versions/1/predict", PENGUIN);
    d.put("/v2/models/penguins/infer", OIP);
    d.put("/v2/models/penguins/versions/1/infer", OIP);
    return d;
  }

  private static HttpResponse<String> send(VerdictServer s, String path, String body, String key) throws Exception {
    return s.postWith(path, body, "X-API-Key", key);
  }

  @Test
  void aRateLimitHoldsOnEveryScoringDoor() throws Exception {
    // 1 per second with a burst of 3: a 3 s refresh period, so a quick loop gets exactly the burst
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("rate_limit_per_s", 1)
        .put("rate_limit_burst", 3)))) {
      for (Map.Entry<String, String> door : doors().entrySet()) {
        String key = "client-" + door.getKey(); // each door its own client, so budgets do not mix
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 6; i++) {
          HttpResponse<String> r = send(s, door.getKey(), door.getValue(), key);
          if (r.statusCode() == 429) {
            limited++;
            assertThat(r.headers().firstValue("Retry-After")).as(door.getKey()).isPresent();
            assertThat(r.body()).contains("rate limit exceeded");
          } else {
            assertThat(r.statusCode()).as(door.getKey() + ": " + r.body()).isEqualTo(200);
            ok++;
          }
        }
        assertThat(ok).as(door.getKey()).isEqualTo(3);
        assertThat(limited).as(door.getKey()).isEqualTo(3);
      }
      // one client's budget is one budget, whichever door it uses
      List<String> mixed = List.of("/predict", "/v2/models/penguins/infer", "/models/penguins/predict",
          "/v2/models/penguins/infer");
      int[] codes = new int[mixed.size()];
      for (int i = 0; i < mixed.size(); i++) {
        codes[i] = send(s, mixed.get(i), doors().get(mixed.get(i)), "one-client").statusCode();
      }
      assertThat(codes).containsExactly(200, 200, 200, 429);
    }
  }

  @Test
  void gracefulShutdownWaitsForAnOipRequestInFlight() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    try (VerdictServer s = VerdictServer.start(Map.of(), TestHooks.slowWhile(slow, 600))) {
      CompletableFuture<HttpResponse<String>> inFlight = s.postAsync("/v2/models/penguins/infer", OIP);
      Thread.sleep(150); // the request is now with a worker
      assertThat(s.metric("verdict_inflight_requests")).isEqualTo(1.0);
      var drained = s.main.drain(5000);
      Thread.sleep(100);
      assertThat(drained.isComplete()).as("drain waits for the OIP request").isFalse();
      HttpResponse<String> answered = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(answered.body()).getJsonArray("outputs")).isNotEmpty();
      assertThat(drained.await(10, TimeUnit.SECONDS)).isZero();
    }
  }
}
