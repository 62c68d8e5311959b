package dev.verdict.inference;

import dev.verdict.bus.Prediction;
import dev.verdict.fallback.Attribution;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Router;
import dev.verdict.fallback.RuleFallback;
import dev.verdict.features.FeatureGroup;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.Objective;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a prediction, from the model that gave it. The primary: LightGBM's exact TreeSHAP contributions to one
 * class's raw score (log-odds). A fallback: what its model can say (random forest path attribution on the
 * probability scale, naive Bayes log-likelihood terms, the rules that fired); a blend: both parts. Column
 * terms are summed per input field or cross, and the largest columns this request set are named by the words,
 * brand or price range that made them (from the one feature pipeline). {@code bias} + the sum of
 * {@code contributions} is the class's score on the stated {@code scale}. Nothing is made up: an answer no model
 * reasoned about (the training prior) says that none is available.
 */
final class Explanations {
  static final int TOP = 5;
  static final String LIGHTGBM = "lightgbm";

  private Explanations() {
  }

  /** The explanation of class {@code cls} (-1: the predicted one), or why there is none for this answer. */
  static JsonObject of(ModelRuntime rt, Prediction p, FeatureVector v, Map<String, Object> record, int cls) {
    int k = p.regression() ? 0 : cls < 0 ? p.predicted() : cls;
    JsonObject out = p.regression() ? new JsonObject().put("output", "value")
        : new JsonObject().put("class", p.labels().get(k));
    if ("primary".equals(p.path())) {
      return out.mergeIn(primary(rt, v, record, k));
    }
    if (p.fallbackKind() == null) {
      return unavailable(out, "this answer is the training prior: no model's evidence went into it");
    }
    String kind = Router.fallbackOf(p.fallbackKind());
    FallbackModel f = rt.fallbacks().get(kind);
    JsonObject part = f == null ? unavailable(new JsonObject(), "the " + kind + " model is not loaded")
        : fallback(rt, f, v, record, k);
    if (!Router.isBlend(p.fallbackKind())) {
      return out.mergeIn(part);
    }
    // a blend's probabilities are the mean of two models': each explains its half on its own scale
    return out.put("blend", "mean of the " + LIGHTGBM + " and " + kind + " probabilities")
        .put("parts", new JsonArray().add(primary(rt, v, record, k)).add(part));
  }

  private static JsonObject primary(ModelRuntime rt, FeatureVector v, Map<String, Object> record, int k) {
    JsonObject out = new JsonObject().put("model", LIGHTGBM);
    if (rt.scorer() == null) {
      return unavailable(out, "this version has no primary model loaded");
    }
    Objective o = rt.version().objective();
    if (o.kind() != Objective.Kind.BINARY) {
      return columns(out.put("method", "TreeSHAP").put("scale", scale(o)), rt.version().pipeline(),
          rt.scorer().contributions(v, k), record);
    }
    // A binary booster has one raw score, the log-odds of "1"; those of "0" are its negation, term by term.
    double[] c = rt.scorer().contributions(v, 0);
    if (k == 0) {
      for (int i = 0; i < c.length; i++) {
        c[i] = -c[i];
      }
    }
    return columns(out.put("method", "TreeSHAP").put("scale", scale(o)), rt.version().pipeline(), c, record);
  }

  private static String scale(Objective o) {
    return switch (o.kind()) {
      case MULTICLASS -> "raw score (log-odds) of the class";
      case BINARY -> "log-odds of the class";
      case REGRESSION -> o.name().equals("poisson") || o.name().equals("gamma") || o.name().equals("tweedie")
          ? "raw score (the log of the prediction)" : "the prediction";
    };
  }

  private static JsonObject fallback(ModelRuntime rt, FallbackModel f, FeatureVector v, Map<String, Object> record,
                                     int k) {
    JsonObject out = new JsonObject().put("model", f.kind());
    if (f instanceof RuleFallback rules) {
      JsonArray fired = rules.fired(record, rt.version().labels());
      out.put("method", "keyword rules").put("rules", fired);
      return fired.isEmpty() ? out.put("reason", "no rule fired: the answer is the training prior") : out;
    }
    Attribution a = f.attribute(v, k);
    if (a == null) {
      return unavailable(out, "the " + f.kind() + " model cannot attribute its answer");
    }
    return columns(out.put("method", a.method()).put("scale", a.scale()), rt.version().pipeline(), a.columns(),
        record);
  }

  /** Column terms (bias last) as the bias, per-field sums and the top named columns. */
  private static JsonObject columns(JsonObject out, FeaturePipeline pipeline, double[] c, Map<String, Object> record) {
    Map<String, Double> byField = new LinkedHashMap<>();
    for (FeatureGroup g : pipeline.groups()) {
      double sum = 0;
      for (int i = g.start(); i < g.end(); i++) {
        sum += c[i];
      }
      byField.merge(g.field(), sum, Double::sum);
    }
    JsonObject contributions = new JsonObject();
    byField.forEach(contributions::put);
    return out.put("bias", c[c.length - 1]).put("contributions", contributions).put("top", top(pipeline, c, record));
  }

  private static JsonObject unavailable(JsonObject out, String reason) {
    return out.put("available", false).put("reason", reason);
  }

  private static JsonArray top(FeaturePipeline pipeline, double[] c, Map<String, Object> record) {
    Map<Integer, List<String[]>> sources = pipeline.sources(record);
    List<Integer> cols = new ArrayList<>(sources.keySet());
    cols.removeIf(col -> c[col] == 0);
    cols.sort(Comparator.comparingDouble((Integer col) -> -Math.abs(c[col])));
    JsonArray top = new JsonArray();
    for (int col : cols.subList(0, Math.min(TOP, cols.size()))) {
      List<String[]> src = sources.get(col);
      JsonObject t = new JsonObject().put("field", src.get(0)[0]).put("token", src.get(0)[1]).put("contribution", c[col]);
      if (src.size() > 1) {
        // two inputs of this request hashed to one column: the contribution is theirs together
        JsonArray all = new JsonArray();
        src.forEach(s -> all.add(s[0] + ": " + s[1]));
        t.put("collision", all);
      }
      top.add(t);
    }
    return top;
  }
}
