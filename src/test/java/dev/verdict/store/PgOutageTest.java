package dev.verdict.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.Traffic;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped mid-run, on a server of the test's own: every prediction is still answered, feedback gets
 * 503 with Retry-After, the log keeps what its queue holds and counts what it drops, and once PostgreSQL is back
 * the queue is written and feedback is stored again. Every logged answer is accounted for: written or counted as
 * dropped. (The throughput during the outage is measured in bench/pg-outage.sh, not here.)
 */
class PgOutageTest {
  static final int QUEUE = 300;

  @Test
  void scoringGoesOnWhilePostgresIsDownAndTheLogResumes() throws Exception {
    List<JsonObject> products = Traffic.holdout(31);
    try (PrivatePostgres pg = PrivatePostgres.create();
         VerdictServer s = VerdictServer.start(Map.of("cache", new JsonObject().put("max_entries", 0),
             "outcomes", new JsonObject().put("store", "postgres").put("pg_uri", pg.uri()).put("flush_ms", 20)
                 .put("queue_max", QUEUE).put("pg_pool_size", 2)))) {
        int sent = 2; // VerdictServer.start sends two warm-up predictions
        sent += predict(s, products, "up-", 200);
        assertThat(feedback(s, "up-0", products.get(0)).statusCode()).isEqualTo(200);
        awaitMetric(s, "verdict_log_written_total", sent);

        pg.stop();
        sent += predict(s, products, "down-", 1000); // every one answered 200 (asserted inside)
        HttpResponse<String> refused = feedback(s, "down-0", products.get(0));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("outcome store");
        assertThat(s.get("/models/product-classifier/performance").statusCode()).isEqualTo(503);
        double dropped = awaitMetric(s, "verdict_log_dropped_total", 1000 - QUEUE);
        assertThat(dropped).as("past the queue's bound, dropped and counted").isBetween(1000.0 - QUEUE, 1000.0);

        pg.start();
        sent += predict(s, products, "back-", 200);
        long deadline = System.nanoTime() + 60_000_000_000L;
        HttpResponse<String> stored = feedback(s, "back-0", products.get(0));
        while (stored.statusCode() != 200 && System.nanoTime() < deadline) {
          Thread.sleep(200);
          stored = feedback(s, "back-0", products.get(0));
        }
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        // the queue is written once the store is back: written + dropped accounts for every answer
        double total = sent;
        double written = awaitMetric(s, "verdict_log_written_total", total - s.metric("verdict_log_dropped_total"));
        assertThat(written + s.metric("verdict_log_dropped_total")).as(s.get("/metrics").body().lines()
            .filter(l -> l.startsWith("verdict_log")).toList().toString()).isEqualTo(total);
        assertThat(written).isGreaterThanOrEqualTo(402.0 + QUEUE);
        assertThat(new JsonObject(stored.body()).getInteger("matched")).isEqualTo(1);
        assertThat(s.get("/models/product-classifier/performance").statusCode()).isEqualTo(200);
    }
  }

  /** {@code n} predictions with ids {@code prefix + i}, each answered 200. */
  private static int predict(VerdictServer s, List<JsonObject> products, String prefix, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = s.postWith("/predict", products.get(i % products.size()).encode(), "X-Request-Id",
          prefix + i);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    return n;
  }

  private static HttpResponse<String> feedback(VerdictServer s, String id, JsonObject product) throws Exception {
    return s.postJson("/feedback", new JsonObject().put("request_id", id).put("label", "Technology/Phones")
        .encode());
  }

  private static double awaitMetric(VerdictServer s, String name, double atLeast) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    double v = s.metric(name);
    while (v < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
      v = s.metric(name);
    }
    assertThat(v).as(name).isGreaterThanOrEqualTo(atLeast);
    return v;
  }
}
