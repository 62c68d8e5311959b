package dev.verdict.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.TestHooks;
import dev.verdict.TestModels;
import dev.verdict.Traffic;
import dev.verdict.VerdictServer;
import dev.verdict.fallback.Attribution;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A fallback's answer is explained by the model that gave it, on that model's own scale, and the terms add up
 * to what that model said: the forest's probability, naive Bayes' posterior; the rules list what fired.
 */
class FallbackExplanationTest {
  private static final String URL_CLASS = "/predict?explain=true&explain_class=";

  @Test
  void forestAndNaiveBayesTermsAddUpToTheirAnswers() throws Exception {
    ModelVersion v = TestModels.product();
    Map<String, FallbackModel> fallbacks = Fallbacks.load(v);
    FallbackModel rf = fallbacks.get("random-forest");
    FallbackModel nb = fallbacks.get("naive-bayes");
    int k = v.labels().size();
    for (JsonObject p : Traffic.holdout(5).subList(0, 80)) {
      FeatureVector x = v.pipeline().encode(p.getMap());
      double[] rfp = rf.predictProba(x, p.getMap());
      double[] nbp = nb.predictProba(x, p.getMap());
      double[] logits = new double[k];
      for (int c = 0; c < k; c++) {
        Attribution a = rf.attribute(x, c);
        assertThat(a.columns()).hasSize(x.size() + 1);
        assertThat(sum(a.columns())).isCloseTo(rfp[c], within(1e-9));
        Attribution b = nb.attribute(x, c);
        logits[c] = sum(b.columns());
        for (int col = 0; col < x.size(); col++) {
          if (b.columns()[col] != 0) {
            // naive Bayes weighs only the words and categories the row has
            assertThat(indexOf(x, col)).isNotNegative();
          }
        }
      }
      double[] soft = softmax(logits);
      for (int c = 0; c < k; c++) {
        assertThat(soft[c]).isCloseTo(nbp[c], within(1e-9));
      }
    }
  }

  @Test
  void naiveBayesAnswersOverHttpExplainEveryClassAndBlendsExplainBothHalves() throws Exception {
    try (VerdictServer s = VerdictServer.start()) {
      List<String> labels = TestModels.product().labels();
      String shortTitle = "{\"title\": \"chairs\"}";
      JsonObject answer = new JsonObject(s.postJson("/predict?explain=true", shortTitle).body());
      assertThat(answer.getJsonObject("model").getString("fallback")).isEqualTo("naive-bayes");
      JsonObject e = answer.getJsonObject("explanation");
      assertThat(e.getString("model")).isEqualTo("naive-bayes");
      // the word itself or its prefix ("chai…"): the pipeline hashes both
      assertThat("chairs").startsWith(e.getJsonArray("top").getJsonObject(0).getString("token").replace("…", ""));
      double[] logits = new double[labels.size()];
      for (int c = 0; c < logits.length; c++) {
        JsonObject ec = new JsonObject(s.postJson(URL_CLASS + labels.get(c).replace(" ", "%20"), shortTitle).body())
            .getJsonObject("explanation");
        assertThat(ec.getString("class")).isEqualTo(labels.get(c));
        logits[c] = ec.getDouble("bias") + sum(ec.getJsonObject("contributions"));
      }
      double[] soft = softmax(logits);
      for (int c = 0; c < logits.length; c++) {
        assertThat(soft[c]).isCloseTo(answer.getJsonObject("probabilities").getDouble(labels.get(c)), within(1e-9));
      }

      JsonObject typo = new JsonObject(s.postJson("/predict?explain=true",
          "{\"title\": \"Hnn Dlxe Fabrc Uphlstrd Stckng Chrs zqx\"}").body());
      assertThat(typo.getJsonObject("model").getString("fallback")).isEqualTo("primary+naive-bayes");
      JsonArray parts = typo.getJsonObject("explanation").getJsonArray("parts");
      assertThat(parts).hasSize(2);
      assertThat(parts.getJsonObject(0).getString("model")).isEqualTo("lightgbm");
      assertThat(parts.getJsonObject(1).getString("model")).isEqualTo("naive-bayes");
      assertThat(parts.getJsonObject(0).getJsonObject("contributions").fieldNames()).contains("title");
    }
  }

  @Test
  void whenThePrimaryFailsTheForestOrTheRulesExplainTheirOwnAnswer() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    String chairs = "{\"title\": \"Hon Deluxe Fabric Upholstered Stacking Chairs\", \"price\": 243.98}";
    try (VerdictServer s = VerdictServer.start(Map.of("fallback", "random-forest",
        "drift", new JsonObject().put("fallback_policy", "off")), TestHooks.failingWhile(broken))) {
      JsonObject a = new JsonObject(s.postJson("/predict?explain=true", chairs).body());
      assertThat(a.getJsonObject("model").getString("fallback")).isEqualTo("random-forest");
      JsonObject e = a.getJsonObject("explanation");
      assertThat(e.getString("model")).isEqualTo("random-forest");
      assertThat(e.getDouble("bias") + sum(e.getJsonObject("contributions")))
          .isCloseTo(a.getDouble("confidence"), within(1e-9));
      assertThat(e.getJsonObject("contributions").getDouble("title")).isPositive();
    }
    try (VerdictServer s = VerdictServer.start(Map.of("fallback", "rules",
        "drift", new JsonObject().put("fallback_policy", "off")), TestHooks.failingWhile(broken))) {
      JsonObject e = new JsonObject(s.postJson("/predict?explain=true", chairs).body()).getJsonObject("explanation");
      assertThat(e.getString("model")).isEqualTo("rules");
      JsonArray fired = e.getJsonArray("rules");
      assertThat(fired).isNotEmpty();
      for (int i = 0; i < fired.size(); i++) {
        assertThat(chairs.toLowerCase()).contains(fired.getJsonObject(i).getString("token"));
        if (i > 0) {
          assertThat(fired.getJsonObject(i).getDouble("vote"))
              .isLessThanOrEqualTo(fired.getJsonObject(i - 1).getDouble("vote"));
        }
      }
      assertThat(fired.getJsonObject(0).getString("class")).isEqualTo("Furniture/Chairs");
      JsonObject none = new JsonObject(s.postJson("/predict?explain=true", "{\"title\": \"zqxv wqpl\"}").body())
          .getJsonObject("explanation");
      assertThat(none.getJsonArray("rules")).isEmpty();
      assertThat(none.getString("reason")).contains("no rule fired");
    }
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double d : a) {
      s += d;
    }
    return s;
  }

  private static double sum(JsonObject contributions) {
    double s = 0;
    for (String f : contributions.fieldNames()) {
      s += contributions.getDouble(f);
    }
    return s;
  }

  private static int indexOf(FeatureVector x, int col) {
    for (int i = 0; i < x.nnz(); i++) {
      if (x.indices()[i] == col) {
        return i;
      }
    }
    return -1;
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double d : z) {
      max = Math.max(max, d);
    }
    double[] out = new double[z.length];
    double total = 0;
    for (int i = 0; i < z.length; i++) {
      out[i] = Math.exp(z[i] - max);
      total += out[i];
    }
    for (int i = 0; i < z.length; i++) {
      out[i] /= total;
    }
    return out;
  }
}
