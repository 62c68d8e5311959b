package dev.verdict.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.Traffic;
import dev.verdict.Traffic.Answer;
import dev.verdict.TestHooks;
import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import dev.verdict.inference.InferenceHooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Drift detection, per-request routing and the fallback chain, driven by real HTTP traffic against the shipped
 * model with the shipped policy ({@code on-support}).
 */
class DriftAndFallbackTest {
  static final int WINDOW = 300;
  static final Map<String, Object> CONFIG = Map.of("drift", new JsonObject().put("window", WINDOW)
      .put("min_samples", 100).put("evaluate_every", 25).put("evaluate_interval_ms", 0));
  static final String[] FOOD = {"organic", "banana", "bread", "mix", "gluten", "free", "pasta", "sauce", "basil",
      "olive", "oil", "extra", "virgin", "dark", "chocolate", "almond", "granola", "honey", "oat", "cereal"};

  static JsonObject shifted(JsonObject product, Random rnd) {
    StringBuilder title = new StringBuilder("Zork");
    for (int i = 0; i < 5; i++) {
      title.append(' ').append(FOOD[rnd.nextInt(FOOD.length)]);
    }
    return new JsonObject().put("title", title.toString()).put("brand", "Zork" + rnd.nextInt(1_000_000))
        .put("price", product.getDouble("price") * 3);
  }

  /** Sends {@code chunk}-sized rounds until the model's drift state satisfies {@code done}; returns requests sent. */
  static int sendUntil(VerdictServer s, List<JsonObject> stream, int chunk, int max,
                       java.util.function.Predicate<JsonObject> done, List<Answer> answers) throws Exception {
    int sent = 0;
    while (sent < max) {
      List<JsonObject> part = new ArrayList<>();
      for (int i = 0; i < chunk; i++) {
        part.add(stream.get((sent + i) % stream.size()));
      }
      answers.addAll(Traffic.post(s, "/predict", part, 1));
      sent += chunk;
      if (done.test(Traffic.drift(s, "product-classifier"))) {
        return sent;
      }
    }
    return -1;
  }

  /** Every answer not from the primary came from a route its own support asked for, never from an alarm. */
  static void assertRoutedOnlyOutOfSupport(List<Answer> answers) {
    assertThat(answers).filteredOn(a -> !"primary".equals(a.path())).allSatisfy(a -> {
      assertThat(a.path()).isEqualTo("fallback");
      assertThat(a.body().getJsonObject("support").getBoolean("in_support")).isFalse();
      String firstCondition = a.body().getJsonObject("support").getJsonArray("conditions").getString(0);
      assertThat(a.body().getJsonObject("model").getString("reason")).contains("measured better for this condition");
      assertThat(firstCondition).isNotBlank();
    });
  }

  @Test
  void tenThousandInDistributionRequestsRaiseNoAlarm() throws Exception {
    try (VerdictServer s = VerdictServer.start(CONFIG)) {
      List<JsonObject> holdout = Traffic.holdout(11);
      List<JsonObject> stream = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        stream.add(holdout.get(i % holdout.size()));
      }
      List<Answer> all = new ArrayList<>();
      for (int from = 0; from < stream.size(); from += 1000) {
        List<Answer> answers = Traffic.post(s, "/predict", stream.subList(from, from + 1000), 16);
        all.addAll(answers);
        JsonObject d = Traffic.drift(s, "product-classifier");
        assertThat(d.getString("state")).as("after %d requests: %s", from + 1000, d.getJsonArray("reasons"))
            .isEqualTo("ok");
      }
      Map<String, Long> paths = Traffic.paths(all);
      // three holdout products (of 278) are out of support themselves and routed every time they come: 98.9%
      assertThat(paths.getOrDefault("primary", 0L)).as(paths.toString()).isGreaterThanOrEqualTo(9_850L);
      assertRoutedOnlyOutOfSupport(all);
      // + the two warm-up records; workers hand events over in batches, so wait for the last one
      JsonObject d = Traffic.awaitDrift(s, "product-classifier", r -> r.getLong("events") >= 10_002L);
      assertThat(d.getLong("events")).isEqualTo(10_002L);
      assertThat(d.getString("state")).isEqualTo("ok");
      assertThat(d.getBoolean("concentrated")).isFalse();
      assertThat(d.getJsonObject("window").getInteger("filled")).isEqualTo(WINDOW);
      JsonObject concept = d.getJsonObject("concept");
      assertThat(concept.getDouble("estimated_accuracy")).isGreaterThan(concept.getDouble("accuracy_alarm_level"));
      assertThat(s.eventLoopBlocks()).isEmpty();
    }
  }

  @Test
  void aHotItemAndAHotMixAreConcentrationNotDrift() throws Exception {
    try (VerdictServer s = VerdictServer.start(CONFIG)) {
      List<JsonObject> holdout = Traffic.holdout(14);
      JsonObject hot = null;
      for (JsonObject h : holdout) {
        if (Traffic.post(s, "/predict", List.of(h), 1).get(0).body().getJsonObject("support").getBoolean("in_support")) {
          hot = h;
          break;
        }
      }
      assertThat(hot).isNotNull();
      long probes = holdout.indexOf(hot) + 1;
      List<Answer> hotAnswers = Traffic.post(s, "/predict", java.util.Collections.nCopies(5 * WINDOW, hot), 8);
      assertThat(Traffic.paths(hotAnswers)).isEqualTo(Map.of("primary", 5L * WINDOW));
      JsonObject d = Traffic.awaitDrift(s, "product-classifier", r -> r.getLong("events") >= 5L * WINDOW + 2 + probes);
      assertThat(d.getString("state")).isEqualTo("ok");
      assertThat(d.getBoolean("concentrated")).isTrue();
      JsonObject conc = d.getJsonObject("concentration");
      assertThat(conc.getDouble("top_share")).isEqualTo(1.0);
      assertThat(conc.getInteger("distinct")).isEqualTo(1);
      assertThat(conc.getDouble("effective_sample_size")).isEqualTo(1.0);
      assertThat(d.getJsonObject("window").getBoolean("verdict_ready")).isFalse();

      Random rnd = new Random(15);
      List<JsonObject> mix = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        mix.add(rnd.nextDouble() < 0.7 ? hot : holdout.get(rnd.nextInt(holdout.size())));
      }
      List<Answer> mixAnswers = Traffic.post(s, "/predict", mix, 8);
      assertRoutedOnlyOutOfSupport(mixAnswers);
      d = Traffic.awaitDrift(s, "product-classifier", r -> r.getLong("events") >= 5L * WINDOW + 2002 + probes);
      assertThat(d.getString("state")).as(d.getJsonArray("reasons").encode()).isEqualTo("ok");
      assertThat(d.getBoolean("concentrated")).as(d.getJsonObject("concentration").encode()).isTrue();
      assertThat(d.getJsonObject("concentration").getDouble("top_share")).isBetween(0.6, 0.8);
      // 30% of a 300-record window is under 100 distinct products: too few for a verdict, by design
      int distinct = d.getJsonObject("concentration").getInteger("distinct");
      assertThat(d.getJsonObject("window").getBoolean("verdict_ready")).isEqualTo(distinct >= 100);
    }
  }

  @Test
  void aShiftedStreamRaisesDataDriftButTheAlarmAloneMovesNoInSupportRequest() throws Exception {
    try (VerdictServer s = VerdictServer.start(CONFIG)) {
      List<JsonObject> holdout = Traffic.holdout(12);
      Random rnd = new Random(5);
      List<JsonObject> shifted = holdout.stream().map(p -> shifted(p, rnd)).toList();
      List<Answer> answers = new ArrayList<>();

      int toDetect = sendUntil(s, shifted, 25, 2 * WINDOW, d -> d.getBoolean("data_drift"), answers);
      assertThat(toDetect).as("shifted requests before data drift was raised").isBetween(100, WINDOW);
      JsonObject d = Traffic.drift(s, "product-classifier");
      List<String> alarmed = new ArrayList<>();
      d.getJsonObject("features").forEach(e -> {
        if (((JsonObject) e.getValue()).getBoolean("alarm")) {
          alarmed.add(e.getKey());
        }
      });
      assertThat(alarmed).contains("price", "title", "brand");
      assertThat(d.getJsonObject("features").getJsonObject("price").getDouble("psi")).isGreaterThan(0.25);
      assertThat(d.getJsonObject("support").getDouble("out_of_support_share")).isGreaterThan(0.5);

      // While the alarm is raised, in-support requests are still answered by the primary. They are picked
      // offline, so probing them does not move the window.
      SupportProfile profile = SupportProfile.of(TestModels.product().pipeline(), new JsonObject(
          Files.readString(TestModels.product().dir().resolve("baseline.json"))));
      List<JsonObject> inSupport = holdout.stream()
          .filter(h -> profile.of(TestModels.product().pipeline().encode(h.getMap())).inSupport()).limit(20).toList();
      assertThat(Traffic.paths(Traffic.post(s, "/predict", inSupport, 4))).isEqualTo(Map.of("primary", 20L));
      assertThat(Traffic.drift(s, "product-classifier").getBoolean("data_drift")).isTrue();
      assertRoutedOnlyOutOfSupport(answers);

      int toRecover = sendUntil(s, holdout, 25, 4 * WINDOW, dd -> !dd.getBoolean("data_drift")
          && !dd.getBoolean("concept_drift"), answers);
      assertThat(toRecover).as("in-distribution requests before the state cleared").isBetween(1, 2 * WINDOW);
      assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    }
  }

  @Test
  void aShortTitleGoesToTheCandidateMeasuredBestForItUnlessThePolicySaysOtherwise() throws Exception {
    JsonObject shortTitle = new JsonObject().put("title", "Chairs").put("brand", "Global").put("price", 120.0);
    JsonObject full = new JsonObject().put("title", "Global Deluxe Office Fabric Chair").put("brand", "Global")
        .put("price", 120.0);
    try (VerdictServer s = VerdictServer.start(CONFIG)) {
      Answer a = Traffic.post(s, "/predict", List.of(shortTitle), 1).get(0);
      assertThat(a.path()).isEqualTo("fallback");
      assertThat(a.body().getJsonObject("model").getString("fallback")).isEqualTo("naive-bayes");
      assertThat(a.body().getJsonObject("model").getString("reason")).startsWith("short-text: naive-bayes measured");
      assertThat(a.body().getJsonObject("support").getJsonArray("conditions").getList()).containsExactly("short-text");
      assertThat(a.body().getJsonObject("support").getInteger("text_tokens")).isEqualTo(1);
      Answer b = Traffic.post(s, "/predict", List.of(full), 1).get(0);
      assertThat(b.path()).isEqualTo("primary");
      assertThat(b.body().getJsonObject("support").getBoolean("in_support")).isTrue();
    }
    for (String policy : List.of("off", "on-data-drift")) {
      Map<String, Object> cfg = Map.of("drift", new JsonObject().put("window", WINDOW).put("min_samples", 100)
          .put("fallback_policy", policy));
      try (VerdictServer s = VerdictServer.start(cfg)) {
        Answer a = Traffic.post(s, "/predict", List.of(shortTitle), 1).get(0);
        assertThat(a.path()).as(policy).isEqualTo("primary");
        assertThat(a.body().getJsonObject("support").getBoolean("in_support")).isFalse();
      }
    }
  }

  @Test
  void aLowConfidenceStreamRaisesConceptDrift() throws Exception {
    JsonArray rules = new JsonObject(Files.readString(Path.of("models/product-classifier/1/fallback/rules.json")))
        .getJsonArray("rules");
    Map<String, List<String>> byClass = new java.util.TreeMap<>();
    for (Object o : rules) {
      JsonObject r = (JsonObject) o;
      String t = r.getString("token");
      if (r.getInteger("support") >= 5 && t.length() > 3 && t.chars().allMatch(Character::isLetter)) {
        byClass.computeIfAbsent(r.getString("class"), k -> new ArrayList<>()).add(t);
      }
    }
    List<String> classes = new ArrayList<>(byClass.keySet());
    Random rnd = new Random(3);
    List<JsonObject> confusing = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      java.util.Collections.shuffle(classes, rnd);
      StringBuilder title = new StringBuilder();
      for (String c : classes.subList(0, 3)) {
        List<String> words = byClass.get(c);
        title.append(words.get(rnd.nextInt(words.size()))).append(' ');
      }
      confusing.add(new JsonObject().put("title", title.toString().trim()).put("brand", "Acme").put("price", 40.0));
    }
    try (VerdictServer s = VerdictServer.start(CONFIG)) {
      List<Answer> answers = new ArrayList<>();
      int sent = sendUntil(s, confusing, 25, 2 * WINDOW, d -> d.getBoolean("concept_drift"), answers);
      assertThat(sent).isBetween(100, WINDOW);
      JsonObject concept = Traffic.drift(s, "product-classifier").getJsonObject("concept");
      assertThat(concept.getBoolean("alarm")).isTrue();
      assertThat(concept.getDouble("estimated_accuracy")).isLessThan(concept.getDouble("accuracy_alarm_level"));
      // the shipped model's calibration did not help on validation rows: the estimate is the mean confidence
      assertThat(concept.getString("calibration")).isEqualTo("none");
      assertThat(concept.getDouble("estimated_accuracy")).isCloseTo(concept.getDouble("mean_confidence"),
          org.assertj.core.api.Assertions.within(1e-12));
      assertRoutedOnlyOutOfSupport(answers);
    }
  }

  @Test
  void aFailingPrimaryIsAnsweredByTheFallbackWithNoFailedRequest() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    InferenceHooks hooks = TestHooks.failingWhile(broken);
    try (VerdictServer s = VerdictServer.start(Map.of(), hooks)) {
      List<JsonObject> holdout = Traffic.holdout(13).subList(0, 100);
      broken.set(true);
      List<Answer> answers = Traffic.post(s, "/predict", holdout, 8);
      assertThat(answers).allSatisfy(a -> {
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.path()).isEqualTo("fallback");
        // fallback "auto": the version's measured-best fallback
        assertThat(a.body().getJsonObject("model").getString("fallback")).isEqualTo("naive-bayes");
        assertThat(a.body().getJsonObject("model").getString("reason")).isEqualTo("primary model failed");
        double sum = a.body().getJsonObject("probabilities").stream()
            .mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
        assertThat(sum).isBetween(1 - 1e-6, 1 + 1e-6);
      });
      long right = answers.stream().filter(a -> a.body().getString("category") != null).count();
      assertThat(right).isEqualTo(100);
      Answer batch = Traffic.post(s, "/predict/batch", List.of(new JsonObject().put("x", 1)), 1).get(0);
      assertThat(batch.status()).isEqualTo(422); // bad input is still bad input, fallback or not
      broken.set(false);
      List<Answer> after = Traffic.post(s, "/predict", holdout.subList(0, 10), 2);
      assertRoutedOnlyOutOfSupport(after);
      assertThat(Traffic.paths(after).getOrDefault("primary", 0L)).isGreaterThanOrEqualTo(9L);
    }
  }
}
