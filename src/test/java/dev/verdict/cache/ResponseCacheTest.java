package dev.verdict.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.Traffic;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache: same bytes as a worker's answer, one key per record, bounded, and never stale. */
class ResponseCacheTest {
  private static final Map<String, Object> ON = Map.of("cache", new JsonObject().put("max_entries", 10_000));
  private static final String KEY = "cache-test-key";

  private static HttpResponse<String> post(VerdictServer s, String path, String body) throws Exception {
    return s.postWith(path, body);
  }

  @Test
  void cachedAnswersAreTheWorkersBytes() throws Exception {
    List<JsonObject> products = Traffic.holdout(17).subList(0, 200);
    int hits = 0;
    try (VerdictServer on = VerdictServer.start(ON); VerdictServer off = VerdictServer.start(Map.of())) {
      // the server's own warm-up request is counted too: measure from here
      double hits0 = on.metric("verdict_cache_hits_total");
      double misses0 = on.metric("verdict_cache_misses_total");
      double entries0 = on.metric("verdict_cache_entries");
      double predictions0 = on.metric("verdict_predictions_total");
      for (JsonObject p : products) {
        HttpResponse<String> fresh = post(off, "/predict", p.encode());
        // kept the second time it is answered, served from the cache the third
        HttpResponse<String> first = post(on, "/predict", p.encode());
        HttpResponse<String> second = post(on, "/predict", p.encode());
        HttpResponse<String> again = post(on, "/predict", p.encode());
        assertThat(fresh.headers().firstValue("X-Verdict-Cache")).isEmpty();
        assertThat(first.body()).isEqualTo(fresh.body());
        assertThat(second.body()).isEqualTo(fresh.body());
        assertThat(again.body()).isEqualTo(fresh.body());
        assertThat(first.headers().firstValue("X-Verdict-Cache")).hasValue("miss");
        assertThat(second.headers().firstValue("X-Verdict-Cache")).hasValue("miss");
        String path = new JsonObject(fresh.body()).getJsonObject("model").getString("path");
        // primary answers are kept; routed (out-of-support) answers go to a worker every time
        assertThat(again.headers().firstValue("X-Verdict-Cache")).as(path).hasValue("primary".equals(path) ? "hit" : "miss");
        hits += "primary".equals(path) ? 1 : 0;
      }
      assertThat(hits).isGreaterThan(100);
      assertThat(on.metric("verdict_cache_hits_total") - hits0).isEqualTo(hits);
      assertThat(on.metric("verdict_cache_misses_total") - misses0).isEqualTo(600 - hits);
      // each repeated product: its canonical entry, and the raw-bytes alias its first hit added
      assertThat(on.metric("verdict_cache_entries") - entries0).isEqualTo(2 * hits);
      // every answer counts as a prediction, from the cache or not
      assertThat(on.metric("verdict_predictions_total") - predictions0).isEqualTo(600);
    }
  }

  @Test
  void fieldOrderAndNumberSpellingDoNotMatterButValuesDo() throws Exception {
    try (VerdictServer s = VerdictServer.start(ON)) {
      String a = post(s, "/predict", "{\"title\": \"Xerox 1967\", \"price\": 6.5, \"rating\": 4}").body();
      assertThat(post(s, "/predict", "{\"title\": \"Xerox 1967\", \"price\": 6.5, \"rating\": 4}").body()).isEqualTo(a);
      HttpResponse<String> b = post(s, "/predict", "{\"rating\": 4.0, \"price\": 6.50, \"title\": \"Xerox 1967\"}");
      assertThat(b.headers().firstValue("X-Verdict-Cache")).hasValue("hit");
      assertThat(b.body()).isEqualTo(a);
      HttpResponse<String> c = post(s, "/predict", "{\"title\": \"Xerox 1967\", \"price\": 6.51, \"rating\": 4}");
      assertThat(c.headers().firstValue("X-Verdict-Cache")).hasValue("miss");
      // a version asked for by name is its own key
      assertThat(post(s, "/models/product-classifier/versions/1/predict", "{\"title\": \"Xerox 1967\", \"price\": 6.5,"
          + " \"rating\": 4}").headers().firstValue("X-Verdict-Cache")).hasValue("miss");
    }
  }

  @Test
  void boundedInEntriesWithEvictionsCounted() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("cache", new JsonObject().put("max_entries", 5)))) {
      double entries0 = s.metric("verdict_cache_entries");
      for (int i = 0; i < 30; i++) {
        post(s, "/predict", new JsonObject().put("title", "Avery folder " + i).put("price", 2.5).encode());
      }
      assertThat(s.metric("verdict_cache_entries")).as("records seen once are not kept").isEqualTo(entries0);
      for (int i = 0; i < 40; i++) {
        String body = new JsonObject().put("title", "Avery binder " + i).put("price", 3.5).encode();
        post(s, "/predict", body);
        post(s, "/predict", body);
      }
      assertThat(s.metric("verdict_cache_entries")).isLessThanOrEqualTo(5);
      assertThat(s.metric("verdict_cache_evictions_total")).isGreaterThanOrEqualTo(30);
    }
  }

  @Test
  void hitsReachDriftAsRecordsNotAsNewInputs() throws Exception {
    try (VerdictServer s = VerdictServer.start(ON)) {
      String body = TestModels.iphone().entrySet().stream().collect(JsonObject::new, (j, e) -> j.put(e.getKey(), e.getValue()),
          JsonObject::mergeIn).encode();
      // the warm-up's records first
      JsonObject d0 = Traffic.awaitDrift(s, "product-classifier", r -> r.getLong("events") >= 2);
      long events0 = d0.getLong("events");
      int records0 = d0.getJsonObject("concentration").getInteger("records");
      int distinct0 = d0.getJsonObject("concentration").getInteger("distinct");
      for (int i = 0; i < 60; i++) {
        assertThat(post(s, "/predict", body).statusCode()).isEqualTo(200);
      }
      assertThat(s.metric("verdict_cache_hits_total")).isEqualTo(58);
      JsonObject d = Traffic.awaitDrift(s, "product-classifier", r -> r.getLong("events") >= events0 + 60);
      assertThat(d.getLong("events")).isEqualTo(events0 + 60);
      assertThat(d.getJsonObject("concentration").getInteger("records")).isEqualTo(records0 + 60);
      // the 58 hits carry the worker's own vector: one new input, not two
      assertThat(d.getJsonObject("concentration").getInteger("distinct")).isEqualTo(distinct0 + 1);
    }
  }

  @Test
  void anAliasChangeUnderLoadNeverServesTheOldVersionsAnswer(@TempDir Path tmp) throws Exception {
    TestModels.copyTree(TestModels.MODELS.resolve("product-classifier"), tmp.resolve("product-classifier"));
    TestModels.copyTree(TestModels.MODELS.resolve("penguins"), tmp.resolve("penguins"));
    TestModels.productVersion(tmp, "2");
    Files.writeString(tmp.resolve("product-classifier/aliases.json"), "{\"stable\": \"1\"}");
    Map<String, Object> conf = Map.of("models_dir", tmp.toString(), "admin_api_key", KEY,
        "cache", new JsonObject().put("max_entries", 10_000));
    try (VerdictServer s = VerdictServer.start(conf)) {
      String hot = "{\"title\": \"Xerox 1967\", \"price\": 6.48}";
      Files.writeString(tmp.resolve("product-classifier/aliases.json"), "{\"stable\": \"1\", \"canary\": \"2\", \"canary_weight\": 0}");
      assertThat(s.postWith("/models/product-classifier/reload", null, "X-API-Key", KEY).statusCode()).isEqualTo(200);
      AtomicLong switchedAt = new AtomicLong(Long.MAX_VALUE);
      ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
      AtomicLong answered = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        Thread t = new Thread(() -> {
          while (System.nanoTime() < end) {
            long started = System.nanoTime();
            try {
              HttpResponse<String> r = post(s, "/predict", hot);
              String v = new JsonObject(r.body()).getJsonObject("model").getString("version");
              answered.incrementAndGet();
              if (started > switchedAt.get() && !"2".equals(v)) {
                stale.add(v + " " + r.headers().firstValue("X-Verdict-Cache").orElse(""));
              }
            } catch (Exception e) {
              stale.add(e.toString());
            }
          }
        });
        t.start();
        clients.add(t);
      }
      Thread.sleep(1500);
      double hitsBefore = s.metric("verdict_cache_hits_total");
      HttpResponse<String> sw = s.postWith("/models/product-classifier/aliases",
          "{\"stable\": \"2\", \"canary\": null}", "X-API-Key", KEY);
      switchedAt.set(System.nanoTime());
      assertThat(sw.statusCode()).as(sw.body()).isEqualTo(200);
      for (Thread t : clients) {
        t.join();
      }
      assertThat(hitsBefore).as("the hot product was served from the cache before the switch").isGreaterThan(100);
      assertThat(s.metric("verdict_cache_hits_total")).as("and after it, from version 2's entry").isGreaterThan(hitsBefore + 100);
      assertThat(stale).as("answers of version 1 after the switch, of %d", answered.get()).isEmpty();
    }
  }
}
