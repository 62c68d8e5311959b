package dev.verdict.inference;

import dev.verdict.bus.Prediction;
import dev.verdict.features.FeatureGroup;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a prediction: LightGBM's exact TreeSHAP contributions ({@code C_API_PREDICT_CONTRIB} on the worker's
 * DJL-loaded booster) to one class's raw score, summed per input field or cross, plus the largest columns this
 * request set, named by the words, brand or price range that made them (from the one feature pipeline).
 * {@code bias} + the sum of {@code contributions} is the class's raw score (log-odds scale).
 */
final class Explanations {
  static final int TOP = 5;

  private Explanations() {
  }

  /** The explanation of class {@code cls} (-1: the predicted one), or why there is none for this answer. */
  static JsonObject of(ModelRuntime rt, Prediction p, FeatureVector v, Map<String, Object> record, int cls) {
    int k = cls < 0 ? p.predicted() : cls;
    JsonObject out = new JsonObject().put("class", p.labels().get(k));
    if (!"primary".equals(p.path()) || rt.scorer() == null) {
      // the answer came from another model: the primary's attribution would explain a different answer
      return out.put("available", false).put("reason", "this answer came from " + (p.fallbackKind() == null
          ? "the training prior" : p.fallbackKind()) + "; explanations cover the primary LightGBM model only");
    }
    double[] c = rt.scorer().contributions(v, k);
    FeaturePipeline pipeline = rt.version().pipeline();
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
