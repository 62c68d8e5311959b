package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcomes guard a rollout: a deliberately worse canary (trained on other data) takes 30% of penguins traffic,
 * labels flow, and once it has enough labels the guard sets its weight to 0, says why in aliases.json and
 * GET /models/penguins, and every request is answered throughout; the stable version is never touched.
 */
class CanaryGuardTest {
  private static final List<String> FIELDS = List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm",
      "body_mass_g");

  /** penguins 1 (shipped) and {@code weak} (5 rounds on other data), under {@code root}, with these aliases. */
  private static void versions(Path root, String weak, JsonObject aliases, String... copies) throws Exception {
    TestModels.copyTree(TestModels.MODELS.resolve("penguins"), root.resolve("penguins"));
    Path v = root.resolve("penguins/" + weak);
    TestModels.copyTree(TestModels.PENGUINS_DIR, v);
    Files.writeString(v.resolve("manifest.json"), new JsonObject(Files.readString(v.resolve("manifest.json")))
        .put("version", weak).encodePrettily());
    TestBoosters.train(v, 3, "objective=multiclass num_class=3 num_leaves=7", 5);
    for (String c : copies) {
      TestModels.copyTree(TestModels.PENGUINS_DIR, root.resolve("penguins/" + c));
      Path m = root.resolve("penguins/" + c + "/manifest.json");
      Files.writeString(m, new JsonObject(Files.readString(m)).put("version", c).encodePrettily());
    }
    Files.writeString(root.resolve("penguins/aliases.json"), aliases.encode());
  }

  private static final String KEY = "canary-guard-key";

  private static VerdictServer start(Path root) throws Exception {
    return VerdictServer.start(Map.of("models_dir", root.toString(), "default_model", "penguins", "admin_api_key", KEY,
        "outcomes", new JsonObject().put("dir", root.resolve("outcomes").toString()).put("flush_ms", 50)));
  }

  private static JsonObject record(JsonObject row) {
    JsonObject record = new JsonObject();
    FIELDS.forEach(f -> record.put(f, row.getValue(f)));
    return record;
  }

  /** Every penguin twice, each answer labelled afterwards; returns the answers by request id. */
  private static Map<String, JsonObject> predictAndLabel(VerdictServer s, List<JsonObject> rows) throws Exception {
    Map<String, JsonObject> answers = new java.util.LinkedHashMap<>();
    JsonArray labels = new JsonArray();
    for (int i = 0; i < 2 * rows.size(); i++) {
      JsonObject row = rows.get(i % rows.size());
      String id = "g-" + i;
      HttpResponse<String> r = s.postWith("/models/penguins/predict", record(row).encode(), "X-Request-Id", id,
          "X-Routing-Key", "k-" + i);
      assertThat(r.statusCode()).isEqualTo(200);
      answers.put(id, new JsonObject(r.body()).put("truth", row.getString("species")));
      labels.add(new JsonObject().put("request_id", id).put("label", row.getString("species")));
    }
    for (int from = 0; from < labels.size(); from += 500) {
      JsonArray batch = new JsonArray(new ArrayList<>(labels.getList().subList(from, Math.min(labels.size(), from + 500))));
      assertThat(s.postWith("/models/penguins/feedback", batch.encode(), "X-API-Key", KEY).statusCode()).isEqualTo(200);
    }
    return answers;
  }

  /**
   * aliases.json once it shows {@code done}, or as it is after 10 s: routing moves first and the file is written
   * after it (ModelLifecycle), so a test that has seen the served aliases change may read the file a moment early.
   */
  private static JsonObject onDisk(Path root, java.util.function.Predicate<JsonObject> done) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonObject a = new JsonObject(Files.readString(root.resolve("penguins/aliases.json")));
    while (!done.test(a) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      a = new JsonObject(Files.readString(root.resolve("penguins/aliases.json")));
    }
    return a;
  }

  private static List<JsonObject> penguins() throws Exception {
    return Files.readAllLines(Path.of("data/penguins.jsonl")).stream().map(JsonObject::new).toList();
  }

  @Test
  void aWorseCanaryIsTakenOffTrafficByItsOutcomes(@TempDir Path root) throws Exception {
    versions(root, "2", new JsonObject().put("stable", "1").put("canary", "2").put("canary_weight", 0.3)
        .put("canary_guard", new JsonObject().put("metric", "accuracy").put("max_drop", 0.02).put("min_labels", 60)));
    List<JsonObject> rows = penguins();
    try (VerdictServer s = start(root)) {
      Map<String, JsonObject> answers = predictAndLabel(s, rows);
      JsonArray labels = new JsonArray(answers.keySet().stream().toList());
      long canary = answers.values().stream()
          .filter(a -> "2".equals(a.getJsonObject("model").getString("version"))).count();
      assertThat(canary).as("the canary took about 30%").isBetween(120L, 290L);

      // every label joined; the comparison reads worse; the guard acts on it
      JsonObject perf = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      JsonObject aliases = null;
      while (System.nanoTime() < deadline) {
        perf = new JsonObject(s.get("/models/penguins/performance").body());
        aliases = new JsonObject(s.get("/models/penguins").body()).getJsonObject("aliases");
        if (aliases.getDouble("canary_weight", 1.0) == 0.0) {
          break;
        }
        Thread.sleep(100);
      }
      JsonObject cmp = perf.getJsonArray("comparisons").getJsonObject(0);
      assertThat(cmp.getString("verdict")).as(cmp.encode()).isEqualTo("worse");
      assertThat(aliases.getDouble("canary_weight")).as(aliases.encode()).isEqualTo(0.0);
      assertThat(aliases.getJsonObject("canary_guard").getString("tripped")).startsWith("canary 2 accuracy -");
      System.out.println("worse canary: " + aliases.getJsonObject("canary_guard").getString("tripped"));
      assertThat(onDisk(root, a -> a.getDouble("canary_weight", 1.0) == 0.0).getDouble("canary_weight")).isEqualTo(0.0);
      assertThat(s.get("/metrics").body()).contains("verdict_canary_guard_trips_total{model=\"penguins\"} 1.0");
      // from now on stable answers everything, and every request is still answered
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> r = s.postJson("/models/penguins/predict", "{\"features\": [47.5, 15.0, 218, 4950]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("model").getString("version")).isEqualTo("1");
      }

      // an operator puts the canary back on traffic: a new trial, so the guard judges it again and trips it again
      HttpResponse<String> back = s.postWith("/models/penguins/aliases", "{\"canary_weight\": 0.3}", "X-API-Key", KEY);
      assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
      assertThat(new JsonObject(back.body()).getJsonObject("aliases").getJsonObject("canary_guard").containsKey("tripped"))
          .as(back.body()).isFalse();
      JsonObject again = null;
      deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline) {
        s.get("/models/penguins/performance");
        again = new JsonObject(s.get("/models/penguins").body()).getJsonObject("aliases");
        if (again.getDouble("canary_weight", 1.0) == 0.0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(again.getDouble("canary_weight")).as(again.encode()).isEqualTo(0.0);
      assertThat(again.getJsonObject("canary_guard").getString("tripped")).startsWith("canary 2 accuracy -");
      assertThat(s.metric("verdict_canary_guard_trips_total{model=\"penguins\"}")).isEqualTo(2.0);

      // the loop closed offline: the labelled log → export → train → a model with holdout metrics
      Path conf = root.resolve("config.json");
      Files.writeString(conf, new JsonObject().put("models_dir", root.toString())
          .put("outcomes", new JsonObject().put("dir", root.resolve("outcomes").toString())).encode());
      Path table = root.resolve("labelled.jsonl");
      assertThat(new picocli.CommandLine(new dev.verdict.app.Main()).execute("export", "--model", "penguins",
          "--labelled", "--out", table.toString(), "--config", conf.toString())).isZero();
      List<String> exported = Files.readAllLines(table);
      assertThat(exported).hasSize(labels.size());
      assertThat(new JsonObject(exported.get(0)).fieldNames()).containsExactlyInAnyOrder("bill_length_mm",
          "bill_depth_mm", "flipper_length_mm", "body_mass_g", "species");
      JsonObject trained = new dev.verdict.train.Trainer(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .train(dev.verdict.train.TrainSpec.read(Path.of("conf/train/penguins.json")), table, root.resolve("next/1"));
      assertThat(trained.getJsonObject("metrics").getJsonObject("holdout").getJsonObject("primary")
          .getDouble("accuracy")).isGreaterThan(0.8);
      // and evaluate reads the new version against the exported table's holdout, as an operator would
      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine evaluate = new picocli.CommandLine(new dev.verdict.app.Main());
      evaluate.setOut(new java.io.PrintWriter(out));
      java.io.PrintStream stdout = System.out;
      java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(printed, true));
      int code;
      try {
        code = evaluate.execute("evaluate", "--model", root.resolve("next/1").toString(), "--no-shifts");
      } finally {
        System.setOut(stdout);
      }
      assertThat(code).as(printed + out.toString()).isZero();
      assertThat(printed + out.toString()).contains("accuracy");
    }
  }

  /**
   * The other way round: stable is the weak version, the shipped one is a 50% canary with auto_promote, and a
   * copy of the shipped one shadows. The canary reads "better" with an interval above 0 and is promoted; the
   * shadow is judged on the labels given to the answers it never gave, and its realized accuracy equals the hand
   * count of the same version's pinned answers.
   */
  @Test
  void aBetterCanaryReadsBetterAndAShadowIsJudgedOnStableLabels(@TempDir Path root) throws Exception {
    versions(root, "2", new JsonObject().put("stable", "2").put("canary", "1").put("canary_weight", 0.5)
        .put("shadow", "3").put("canary_guard", new JsonObject().put("min_labels", 60).put("auto_promote", true)), "3");
    List<JsonObject> rows = penguins();
    try (VerdictServer s = start(root)) {
      Map<String, JsonObject> answers = predictAndLabel(s, rows);
      // the hand count for the shadow: version 3 pinned on every row (pinned answers carry no label)
      int shadowRight = 0;
      for (JsonObject row : rows) {
        HttpResponse<String> r = s.postJson("/models/penguins/versions/3/predict", record(row).encode());
        shadowRight += new JsonObject(r.body()).getString("prediction").equals(row.getString("species")) ? 1 : 0;
      }
      JsonObject perf = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline) {
        perf = new JsonObject(s.get("/models/penguins/performance").body());
        if (perf.getInteger("labelled", 0) >= 2 * answers.size()) { // every answer, and the shadow's of each
          break;
        }
        Thread.sleep(100);
      }
      Map<String, JsonObject> cmp = new java.util.HashMap<>();
      perf.getJsonArray("comparisons").forEach(o -> cmp.put(((JsonObject) o).getString("route"), (JsonObject) o));
      JsonObject canary = cmp.get("canary");
      assertThat(canary.getString("verdict")).as(canary.encode()).isEqualTo("better");
      assertThat(canary.getJsonArray("interval").getDouble(0)).isGreaterThan(0.0);
      JsonObject shadow = cmp.get("shadow");
      assertThat(shadow.getString("version")).isEqualTo("3");
      assertThat(shadow.getInteger("labels")).isEqualTo(answers.size());
      assertThat(shadow.getString("verdict")).isEqualTo("better");
      System.out.printf("better canary: %s; shadow: %s%n", canary.encode(), shadow.encode());
      JsonObject shadowRoute = perf.getJsonArray("by_route").stream().map(JsonObject.class::cast)
          .filter(g -> "shadow".equals(g.getString("route"))).findFirst().orElseThrow();
      assertThat(shadowRoute.getDouble("accuracy")).isCloseTo((double) shadowRight / rows.size(), within(1e-12));

      // auto_promote: the better canary is stable now, with the reason on disk and in GET /models/penguins
      JsonObject aliases = null;
      while (System.nanoTime() < deadline) {
        aliases = new JsonObject(s.get("/models/penguins").body()).getJsonObject("aliases");
        if ("1".equals(aliases.getString("stable"))) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(aliases.getString("stable")).as(aliases.encode()).isEqualTo("1");
      assertThat(aliases.containsKey("canary")).isFalse();
      assertThat(aliases.getJsonObject("canary_guard").getString("promoted")).startsWith("canary 1 accuracy +");
      JsonObject onDisk = onDisk(root, a -> "1".equals(a.getString("stable")));
      assertThat(onDisk.getString("stable")).isEqualTo("1");
      assertThat(onDisk.getString("shadow")).isEqualTo("3");
      assertThat(s.get("/metrics").body()).contains("verdict_canary_guard_promotions_total{model=\"penguins\"} 1.0");
      assertThat(new JsonObject(s.postJson("/models/penguins/predict", "{\"features\": [47.5, 15.0, 218, 4950]}")
          .body()).getJsonObject("model").getString("version")).isEqualTo("1");
    }
  }
}
