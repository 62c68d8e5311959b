package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

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
  @Test
  void aWorseCanaryIsTakenOffTrafficByItsOutcomes(@TempDir Path root) throws Exception {
    TestModels.copyTree(TestModels.MODELS.resolve("penguins"), root.resolve("penguins"));
    Path v2 = root.resolve("penguins/2");
    TestModels.copyTree(TestModels.PENGUINS_DIR, v2);
    Files.writeString(v2.resolve("manifest.json"), new JsonObject(Files.readString(v2.resolve("manifest.json")))
        .put("version", "2").encodePrettily());
    TestBoosters.train(v2, 3, "objective=multiclass num_class=3 num_leaves=7", 5);
    Files.writeString(root.resolve("penguins/aliases.json"), new JsonObject().put("stable", "1").put("canary", "2")
        .put("canary_weight", 0.3).put("canary_guard", new JsonObject().put("metric", "accuracy").put("max_drop", 0.02)
            .put("min_labels", 60)).encode());

    List<JsonObject> rows = Files.readAllLines(Path.of("data/penguins.jsonl")).stream().map(JsonObject::new).toList();
    try (VerdictServer s = VerdictServer.start(Map.of("models_dir", root.toString(), "default_model", "penguins",
        "outcomes", new JsonObject().put("dir", root.resolve("outcomes").toString()).put("flush_ms", 50)))) {
      JsonArray labels = new JsonArray();
      int canary = 0;
      for (int i = 0; i < 2 * rows.size(); i++) {
        JsonObject row = rows.get(i % rows.size());
        JsonObject record = new JsonObject();
        for (String f : List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")) {
          record.put(f, row.getValue(f));
        }
        String id = "g-" + i;
        HttpResponse<String> r = s.http(java.net.http.HttpRequest.newBuilder(s.uri("/models/penguins/predict"))
            .header("Content-Type", "application/json").header("X-Request-Id", id).header("X-Routing-Key", "k-" + i)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(record.encode())).build());
        assertThat(r.statusCode()).isEqualTo(200);
        canary += "2".equals(new JsonObject(r.body()).getJsonObject("model").getString("version")) ? 1 : 0;
        labels.add(new JsonObject().put("request_id", id).put("label", row.getString("species")));
      }
      assertThat(canary).as("the canary took about 30%").isBetween(120, 290);
      for (int from = 0; from < labels.size(); from += 500) {
        JsonArray batch = new JsonArray(new ArrayList<>(labels.getList().subList(from, Math.min(labels.size(), from + 500))));
        assertThat(s.postJson("/models/penguins/feedback", batch.encode()).statusCode()).isEqualTo(200);
      }

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
      assertThat(new JsonObject(Files.readString(root.resolve("penguins/aliases.json"))).getDouble("canary_weight"))
          .isEqualTo(0.0);
      assertThat(s.get("/metrics").body()).contains("verdict_canary_guard_trips_total{model=\"penguins\"} 1.0");
      // from now on stable answers everything, and every request is still answered
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> r = s.postJson("/models/penguins/predict", "{\"features\": [47.5, 15.0, 218, 4950]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("model").getString("version")).isEqualTo("1");
      }

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
    }
  }
}
