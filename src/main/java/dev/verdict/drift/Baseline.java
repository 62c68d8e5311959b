package dev.verdict.drift;

import dev.verdict.features.FeatureGroup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code baseline.json} read for comparison. Only groups the model actually saw in training are monitored:
 * a field that was always missing (e.g. rating in the product table) cannot move the model's answers.
 */
public record Baseline(List<NumericRef> numeric, List<HashedRef> hashed, double[] confidenceEdges,
                       double[] confidenceFractions, double[] confidenceSample, double meanConfidence,
                       double lowConfidenceRate, double[] predictedClasses, List<String> unmonitored,
                       boolean regression) {

  /** A numeric column: decile bins (PSI), sorted reference sample (KS), missing rate. */
  public record NumericRef(String name, int column, double[] edges, double[] fractions, double[] sample,
                           double missingRate) {
  }

  /** A hashed block: bucket frequencies, and what held-out rows looked like against them. */
  public record HashedRef(String name, int start, int width, double[] frequencies, double emptyRate,
                          double validationUnseen, java.util.NavigableMap<Integer, Double> validationJs) {

    /**
     * Expected in-distribution JS for a window of {@code rows}: the value measured at the largest sample
     * size not above it (JS shrinks with sample size, so this errs towards fewer alarms).
     */
    public double expectedJs(int rows) {
      var e = validationJs.floorEntry(Math.max(rows, validationJs.firstKey()));
      return e == null ? 0.0 : e.getValue();
    }
  }

  public static Baseline parse(JsonObject json, List<FeatureGroup> groups, List<String> labels) {
    JsonObject g = json.getJsonObject("groups");
    List<NumericRef> numeric = new ArrayList<>();
    List<HashedRef> hashed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (FeatureGroup group : groups) {
      JsonObject b = g.getJsonObject(group.name());
      if (b == null) {
        skipped.add(group.name());
      } else if ("hashed".equals(group.kind())) {
        if (b.getDouble("empty_rate") >= 1.0) {
          skipped.add(group.name());
          continue;
        }
        double[] freq = new double[group.width()];
        b.getJsonObject("frequencies").forEach(e -> freq[Integer.parseInt(e.getKey())] =
            ((Number) e.getValue()).doubleValue());
        java.util.TreeMap<Integer, Double> js = new java.util.TreeMap<>();
        b.getJsonObject("validation_js_by_rows", new JsonObject()).forEach(e -> js.put(Integer.parseInt(e.getKey()),
            ((Number) e.getValue()).doubleValue()));
        if (js.isEmpty()) {
          js.put(1, b.getDouble("validation_js", 0.0));
        }
        hashed.add(new HashedRef(group.name(), group.start(), group.width(), freq, b.getDouble("empty_rate"),
            b.getDouble("validation_unseen_share", 0.0), js));
      } else {
        if (b.getDouble("missing_rate") >= 1.0) {
          skipped.add(group.name());
          continue;
        }
        numeric.add(new NumericRef(group.name(), group.start(), doubles(b.getJsonArray("edges")),
            doubles(b.getJsonArray("fractions")), doubles(b.getJsonArray("sample")), b.getDouble("missing_rate")));
      }
    }
    // A regression's baseline holds its prediction distribution where a classifier's holds the confidence.
    boolean regression = json.getValue("confidence") == null && json.getValue("prediction") instanceof JsonObject;
    JsonObject c = regression ? json.getJsonObject("prediction").copy().put("low_confidence_rate", Double.NaN)
        : json.getJsonObject("confidence");
    double[] classes = new double[labels.size()];
    JsonObject pc = json.getJsonObject("predicted_classes", new JsonObject());
    for (int k = 0; k < labels.size(); k++) {
      classes[k] = pc.getDouble(labels.get(k), 0.0);
    }
    return new Baseline(numeric, hashed, doubles(c.getJsonArray("edges")), doubles(c.getJsonArray("fractions")),
        doubles(c.getJsonArray("sample", new JsonArray())), c.getDouble("mean"), c.getDouble("low_confidence_rate"),
        classes, skipped, regression);
  }

  static double[] doubles(JsonArray a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.getDouble(i);
    }
    return d;
  }
}
