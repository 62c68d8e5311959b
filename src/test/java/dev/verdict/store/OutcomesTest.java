package dev.verdict.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.Tools;
import dev.verdict.VerdictServer;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 holdout predictions, their true categories posted afterwards: realized accuracy and macro-F1 per
 * answering path equal the hand count from the answers, next to the label-free estimate; bad labels are refused by field; a
 * correction and an unmatched label are counted; export writes the labelled log as a table. On both stores.
 */
class OutcomesTest {
  static final int N = 2000;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void labelsPostedLaterGiveRealizedPerformanceAndExport(String kind, @TempDir Path dir) throws Exception {
    JsonObject outcomes = new JsonObject().put("dir", dir.toString()).put("flush_ms", 50);
    if ("postgres".equals(kind)) {
      String uri = Tools.postgresUri();
      Stores.truncate(uri);
      outcomes.put("store", "postgres").put("pg_uri", uri);
    }
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<Integer> holdout = data.indicesOf("holdout");
    try (VerdictServer s = VerdictServer.start(Map.of("outcomes", outcomes))) {
      Map<String, JsonObject> answers = new ConcurrentHashMap<>();
      Map<String, String> truth = new HashMap<>();
      Semaphore slots = new Semaphore(16);
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        int row = holdout.get(i % holdout.size());
        Map<String, Object> record = new HashMap<>(data.records().get(row));
        record.remove("category");
        record.remove("split");
        String id = kind + "-" + i;
        truth.put(id, data.labels().get(row));
        slots.acquire();
        sent.add(s.postAsync("/predict", new JsonObject(record).encode(), "X-Request-Id", id)
            .whenComplete((r, e) -> slots.release())
            .thenAccept(r -> answers.put(id, new JsonObject(r.body()))));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
      assertThat(answers).hasSize(N);

      // labels in batches of 500, each answered once committed
      List<String> ids = new ArrayList<>(truth.keySet());
      for (int from = 0; from < N; from += 500) {
        JsonArray batch = new JsonArray();
        for (String id : ids.subList(from, Math.min(N, from + 500))) {
          batch.add(new JsonObject().put("request_id", id).put("label", truth.get(id)));
        }
        HttpResponse<String> r = s.postJson("/models/product-classifier/feedback", batch.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getInteger("stored")).isEqualTo(batch.size());
      }

      // the hand count: per answering path, how many answers were the true category
      Map<String, int[]> expected = new TreeMap<>();
      answers.forEach((id, a) -> {
        JsonObject m = a.getJsonObject("model");
        int[] c = expected.computeIfAbsent(m.getString("fallback", m.getString("path")), k -> new int[2]);
        c[0]++;
        c[1] += a.getString("prediction").equals(truth.get(id)) ? 1 : 0;
      });
      JsonObject perf = performance(s, N);
      assertThat(perf.getInteger("labelled")).isEqualTo(N);
      for (Object o : perf.getJsonArray("by_path")) {
        JsonObject g = (JsonObject) o;
        int[] c = expected.remove(g.getString("path"));
        assertThat(c).as("path " + g.getString("path")).isNotNull();
        assertThat(g.getString("route")).isEqualTo("stable");
        assertThat(g.getInteger("labels")).isEqualTo(c[0]);
        assertThat(g.getDouble("accuracy")).isCloseTo((double) c[1] / c[0], within(1e-12));
        assertThat(g.getDouble("macro_f1")).isCloseTo(macroF1(answers, truth, g.getString("path")), within(1e-12));
        JsonArray ci = g.getJsonArray("accuracy_interval");
        assertThat(ci.getDouble(0)).isLessThanOrEqualTo(g.getDouble("accuracy"));
        assertThat(ci.getDouble(1)).isGreaterThanOrEqualTo(g.getDouble("accuracy"));
      }
      assertThat(expected).as("every path the answers took is reported").isEmpty();
      JsonObject stable = perf.getJsonArray("by_route").getJsonObject(0);
      assertThat(stable.getDouble("estimated_accuracy")).isBetween(0.5, 1.0);
      assertThat(stable.getDouble("estimate_error")).isCloseTo(
          stable.getDouble("estimated_accuracy") - stable.getDouble("accuracy"), within(1e-12));
      System.out.printf("%s: realized accuracy %.4f over %d labels, label-free estimate %.4f%n", kind,
          stable.getDouble("accuracy"), stable.getInteger("labels"), stable.getDouble("estimated_accuracy"));

      // refusals by field; a correction and an unmatched label are counted
      String first = ids.get(0);
      HttpResponse<String> unknown = s.postJson("/feedback", new JsonObject().put("request_id", first)
          .put("label", "Not/A Category").encode());
      assertThat(unknown.statusCode()).isEqualTo(422);
      assertThat(unknown.body()).contains("\"field\":\"label\"").contains("is not a class of product-classifier");
      HttpResponse<String> noId = s.postJson("/feedback", "[{\"label\": \"x\"}, {\"request_id\": \"a\", \"value\": \"7\"}]");
      assertThat(noId.statusCode()).isEqualTo(422);
      assertThat(noId.body()).contains("\"field\":\"[0].request_id\"").contains("\"field\":\"[1].value\"");
      String other = truth.get(first).equals("Technology/Phones") ? "Technology/Machines" : "Technology/Phones";
      JsonObject fix = new JsonObject(s.postJson("/feedback", new JsonObject().put("request_id", first)
          .put("label", other).encode()).body());
      assertThat(fix.getInteger("corrected")).isEqualTo(1);
      JsonObject later = new JsonObject(s.postJson("/feedback", new JsonObject().put("request_id", "never-seen")
          .put("label", "whatever").encode()).body());
      assertThat(later.getInteger("unmatched")).isEqualTo(1);
      assertThat(s.get("/metrics").body()).contains("verdict_feedback_total{result=\"corrected\"}")
          .contains("verdict_log_written_total")
          .contains("verdict_realized_accuracy{model=\"product-classifier\",route=\"stable\",version=\"1\"} "
              + stable.getDouble("accuracy"));

      // export: the labelled log as a table train reads, label under the model's own field
      Path conf = dir.resolve("config.json");
      Files.writeString(conf, new JsonObject().put("outcomes", outcomes).encode());
      Path table = dir.resolve("table.jsonl");
      int code = new picocli.CommandLine(new dev.verdict.app.Main()).execute("export", "--model",
          "product-classifier", "--labelled", "--out", table.toString(), "--config", conf.toString());
      assertThat(code).isZero();
      // a misspelt model is a mistake, not an empty success
      assertThat(new picocli.CommandLine(new dev.verdict.app.Main()).execute("export", "--model", "product-clasifier",
          "--labelled", "--out", dir.resolve("none.jsonl").toString(), "--config", conf.toString())).isNotZero();
      List<String> lines = Files.readAllLines(table);
      assertThat(lines).hasSize(N);
      JsonObject row = new JsonObject(lines.get(0));
      assertThat(row.getString("title")).isNotBlank();
      assertThat(row.getString("category")).isNotBlank();
    }
  }

  /** The hand count of macro-F1 over one answering path: per class 2·TP / (2·TP + FP + FN), averaged. */
  private static double macroF1(Map<String, JsonObject> answers, Map<String, String> truth, String path) {
    Map<String, int[]> c = new TreeMap<>(); // class → {tp, fp, fn}
    answers.forEach((id, a) -> {
      JsonObject m = a.getJsonObject("model");
      if (!path.equals(m.getString("fallback", m.getString("path")))) {
        return;
      }
      String said = a.getString("prediction");
      String is = truth.get(id);
      if (said.equals(is)) {
        c.computeIfAbsent(is, k -> new int[3])[0]++;
      } else {
        c.computeIfAbsent(said, k -> new int[3])[1]++;
        c.computeIfAbsent(is, k -> new int[3])[2]++;
      }
    });
    return c.values().stream().mapToDouble(x -> 2.0 * x[0] / (2 * x[0] + x[1] + x[2])).average().orElseThrow();
  }

  /** Polls until the log has been written and every label joins (the log is written off the request path). */
  private static JsonObject performance(VerdictServer s, int labels) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonObject p = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = s.get("/models/product-classifier/performance");
      if (r.statusCode() == 200) {
        p = new JsonObject(r.body());
        if (p.getInteger("labelled") >= labels) {
          return p;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("labels never all joined: " + p);
  }

  @org.junit.jupiter.api.Test
  void withOutcomesSwitchedOffFeedbackSaysSo() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("outcomes", new JsonObject().put("enabled", false)))) {
      HttpResponse<String> r = s.postJson("/feedback", "{\"request_id\": \"a\", \"label\": \"b\"}");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("outcomes are switched off");
      assertThat(s.postJson("/predict", "{\"title\": \"Xerox 1967\"}").statusCode()).isEqualTo(200);
    }
  }

  /**
   * The cluster view: two nodes logging to one PostgreSQL. Predictions answered by one node, labels posted to the
   * other, and either node's performance covers both nodes' predictions.
   */
  @org.junit.jupiter.api.Test
  void nodesSharingPostgresJudgeEveryNodesPredictions(@TempDir Path dir) throws Exception {
    String uri = Tools.postgresUri();
    Stores.truncate(uri);
    JsonObject outcomes = new JsonObject().put("store", "postgres").put("pg_uri", uri).put("flush_ms", 20);
    List<JsonObject> products = dev.verdict.Traffic.holdout(5).subList(0, 40);
    try (VerdictServer a = VerdictServer.start(Map.of("outcomes", outcomes));
         VerdictServer b = VerdictServer.start(Map.of("outcomes", outcomes))) {
      Stores.truncate(uri); // the two servers' own warm-up predictions out of the count
      JsonArray labels = new JsonArray();
      for (int i = 0; i < products.size(); i++) {
        VerdictServer node = i % 2 == 0 ? a : b;
        HttpResponse<String> r = node.postWith("/predict", products.get(i).encode(), "X-Request-Id", "node-" + i);
        labels.add(new JsonObject().put("request_id", "node-" + i)
            .put("label", new JsonObject(r.body()).getString("prediction")));
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      JsonObject stored = null;
      while (System.nanoTime() < deadline) { // each node writes its own log: wait until both are in
        stored = new JsonObject(b.postJson("/feedback", labels.encode()).body());
        if (stored.getInteger("matched", 0) == products.size()) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(stored.getInteger("matched")).as(stored.encode()).isEqualTo(products.size());
      for (VerdictServer node : List.of(a, b)) {
        JsonObject perf = new JsonObject(node.get("/models/product-classifier/performance").body());
        assertThat(perf.getInteger("labelled")).isEqualTo(products.size());
        assertThat(perf.getJsonArray("by_route").getJsonObject(0).getDouble("accuracy")).isEqualTo(1.0);
      }
    }
  }

  /** An answer from the response cache is logged like a scored one, so its label joins (and is not unmatched). */
  @org.junit.jupiter.api.Test
  void answersFromTheCacheAreLoggedAndJoinTheirLabels(@TempDir Path dir) throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("cache", new JsonObject().put("max_entries", 1000),
        "outcomes", new JsonObject().put("dir", dir.toString()).put("flush_ms", 20)))) {
      String product = new JsonObject(dev.verdict.TestModels.iphone()).encode();
      HttpResponse<String> last = null;
      for (int i = 0; i < 3; i++) { // kept the second time it is answered, a hit the third
        last = s.postWith("/predict", product, "X-Request-Id", "cached-" + i);
      }
      assertThat(last.headers().firstValue("X-Verdict-Cache")).hasValue("hit");
      String label = new JsonObject(last.body()).getString("prediction");
      long deadline = System.nanoTime() + 30_000_000_000L;
      JsonObject stored = null;
      while (System.nanoTime() < deadline) {
        stored = new JsonObject(s.postJson("/feedback", new JsonObject().put("request_id", "cached-2")
            .put("label", label).encode()).body());
        if (stored.getInteger("matched", 0) == 1) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(stored.getInteger("matched")).as(stored.encode()).isEqualTo(1);
      JsonObject perf = new JsonObject(s.get("/models/product-classifier/performance").body());
      assertThat(perf.getInteger("labelled")).isEqualTo(1);
      assertThat(perf.getJsonArray("by_path").getJsonObject(0).getString("path")).isEqualTo("primary");
    }
  }
}
