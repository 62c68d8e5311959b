package dev.verdict.train;

import dev.verdict.features.FeatureGroup;
import dev.verdict.features.FeatureVector;
import dev.verdict.drift.DriftMath;
import dev.verdict.model.Histogram;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code baseline.json}: what drift detection compares live traffic with. Per feature group of the training
 * vectors: decile bins + fractions (PSI), a sorted reference sample (KS) and the missing rate for numbers;
 * bucket frequencies (χ² / Jensen–Shannon; a bucket absent here is an unseen token) for hashed groups.
 * The confidence and predicted-class distributions come from validation rows, which the model did not fit.
 */
public final class BaselineBuilder {
  static final int BINS = 10;
  static final int SAMPLE = 1000;

  private BaselineBuilder() {
  }

  public static JsonObject build(List<FeatureGroup> groups, List<FeatureVector> train, List<FeatureVector> valid,
                                 double[][] validProba, List<String> labels) {
    JsonObject g = groups(groups, train, valid);
    double[] conf = new double[validProba.length];
    double[] predicted = new double[labels.size()];
    for (int i = 0; i < validProba.length; i++) {
      int k = Metrics.argmax(validProba[i]);
      conf[i] = validProba[i][k];
      predicted[k]++;
    }
    JsonObject classes = new JsonObject();
    for (int k = 0; k < labels.size(); k++) {
      classes.put(labels.get(k), predicted[k] / Math.max(1, validProba.length));
    }
    double[] edges = new double[BINS + 1];
    for (int i = 0; i <= BINS; i++) {
      edges[i] = (double) i / BINS;
    }
    JsonObject confidence = distribution(conf, edges).put("source", "validation")
        .put("mean", Arrays.stream(conf).average().orElse(Double.NaN))
        .put("low_confidence_rate", Arrays.stream(conf).filter(c -> c < 0.5).count() / (double) conf.length)
        .put("sample", new JsonArray(Arrays.stream(conf).sorted().boxed().map(Object.class::cast).toList()));
    return new JsonObject().put("rows", train.size()).put("groups", g).put("confidence", confidence)
        .put("predicted_classes", classes);
  }

  /**
   * A regression's baseline: the feature groups as a classifier's, and instead of a confidence (it has none) the
   * distribution of its predictions on validation rows, which prediction drift is judged against.
   */
  public static JsonObject regression(List<FeatureGroup> groups, List<FeatureVector> train, List<FeatureVector> valid,
                                      double[] validPredictions) {
    double[] values = validPredictions.clone();
    Arrays.sort(values);
    return new JsonObject().put("rows", train.size()).put("groups", groups(groups, train, valid))
        .put("prediction", summary(values).put("source", "validation")
            .put("mean", Arrays.stream(values).average().orElse(Double.NaN)));
  }

  private static JsonObject groups(List<FeatureGroup> groups, List<FeatureVector> train, List<FeatureVector> valid) {
    JsonObject g = new JsonObject();
    for (FeatureGroup group : groups) {
      g.put(group.name(), "hashed".equals(group.kind()) ? hashed(group, train, valid) : numeric(group, train));
    }
    return g;
  }

  /**
   * Bucket frequencies of the training rows, plus what held-out rows look like against them (the share of
   * their mass in buckets training never saw, and their Jensen–Shannon distance): drift alarms are set
   * relative to these, since unseen tokens are normal for new products.
   */
  private static JsonObject hashed(FeatureGroup group, List<FeatureVector> rows, List<FeatureVector> valid) {
    JsonObject train = bucketCounts(group, rows);
    JsonObject held = bucketCounts(group, valid);
    JsonObject tf = train.getJsonObject("frequencies");
    JsonObject vf = held.getJsonObject("frequencies");
    double unseen = 0;
    for (String b : vf.fieldNames()) {
      if (!tf.containsKey(b)) {
        unseen += vf.getDouble(b);
      }
    }
    return train.put("validation_unseen_share", unseen)
        .put("row_unseen_p99", rowUnseen(group, tf, valid, 0.99))
        .put("validation_js", DriftMath.jensenShannon(dense(tf, group.width()), dense(vf, group.width())))
        .put("validation_js_by_rows", jsBySampleSize(group, dense(tf, group.width()), valid))
        .put("validation_rows", valid.size());
  }

  /**
   * Jensen–Shannon distance of in-distribution samples of n rows from training, for several n: on sparse
   * hashed groups it shrinks as the sample grows, so the drift detector compares a window with the value
   * expected at its own size. Mean of 5 seeded subsamples of validation rows per size.
   */
  private static JsonObject jsBySampleSize(FeatureGroup group, double[] train, List<FeatureVector> valid) {
    JsonObject out = new JsonObject();
    java.util.Random rnd = new java.util.Random(20261124L);
    for (int n : new int[] {25, 50, 100, 200, 400, 800}) {
      if (n >= valid.size()) {
        break;
      }
      double sum = 0;
      for (int rep = 0; rep < 5; rep++) {
        List<FeatureVector> shuffled = new java.util.ArrayList<>(valid);
        java.util.Collections.shuffle(shuffled, rnd);
        sum += DriftMath.jensenShannon(train, dense(bucketCounts(group, shuffled.subList(0, n))
            .getJsonObject("frequencies"), group.width()));
      }
      out.put(Integer.toString(n), sum / 5);
    }
    out.put(Integer.toString(valid.size()), DriftMath.jensenShannon(train, dense(bucketCounts(group, valid)
        .getJsonObject("frequencies"), group.width())));
    return out;
  }

  /**
   * A percentile over held-out rows of each row's own unseen share (its mass in buckets training never used):
   * the level above which one request's text counts as out of support.
   */
  private static double rowUnseen(FeatureGroup group, JsonObject trainFreq, List<FeatureVector> valid, double q) {
    double[] shares = valid.stream().mapToDouble(v -> {
      double mass = 0;
      double unseen = 0;
      for (int i = 0; i < v.nnz(); i++) {
        int c = v.indices()[i];
        if (c >= group.start() && c < group.end()) {
          mass += v.values()[i];
          if (!trainFreq.containsKey(Integer.toString(c - group.start()))) {
            unseen += v.values()[i];
          }
        }
      }
      return mass == 0 ? Double.NaN : unseen / mass;
    }).filter(d -> !Double.isNaN(d)).sorted().toArray();
    return shares.length == 0 ? 0.0 : percentile(shares, q);
  }

  private static double[] dense(JsonObject freq, int width) {
    double[] d = new double[width];
    freq.forEach(e -> d[Integer.parseInt(e.getKey())] = ((Number) e.getValue()).doubleValue());
    return d;
  }

  private static JsonObject bucketCounts(FeatureGroup group, List<FeatureVector> rows) {
    Map<Integer, Double> counts = new TreeMap<>();
    double total = 0;
    int empty = 0;
    for (FeatureVector v : rows) {
      boolean any = false;
      for (int i = 0; i < v.nnz(); i++) {
        int c = v.indices()[i];
        if (c >= group.start() && c < group.end()) {
          counts.merge(c - group.start(), v.values()[i], Double::sum);
          total += v.values()[i];
          any = true;
        }
      }
      if (!any) {
        empty++;
      }
    }
    JsonObject freq = new JsonObject();
    for (Map.Entry<Integer, Double> e : counts.entrySet()) {
      freq.put(Integer.toString(e.getKey()), e.getValue() / total);
    }
    if (rows.isEmpty()) {
      return new JsonObject().put("kind", "hashed").put("buckets", group.width()).put("empty_rate", 1.0)
          .put("seen_buckets", 0).put("frequencies", freq);
    }
    return new JsonObject().put("kind", "hashed").put("buckets", group.width())
        .put("empty_rate", (double) empty / rows.size()).put("seen_buckets", counts.size()).put("frequencies", freq);
  }

  private static JsonObject numeric(FeatureGroup group, List<FeatureVector> rows) {
    double[] all = new double[rows.size()];
    int n = 0;
    int missing = 0;
    for (FeatureVector v : rows) {
      double x = v.get(group.start());
      if (Double.isNaN(x)) {
        missing++;
      } else {
        all[n++] = x;
      }
    }
    double[] values = Arrays.copyOf(all, n);
    Arrays.sort(values);
    return new JsonObject().put("kind", group.kind()).put("missing_rate", (double) missing / rows.size())
        .mergeIn(summary(values));
  }

  /** Quantile bins, range, low percentiles and a sample of sorted values. */
  private static JsonObject summary(double[] values) {
    int n = values.length;
    JsonObject out = new JsonObject();
    if (n == 0) {
      return out.put("edges", new JsonArray()).put("fractions", new JsonArray()).put("sample", new JsonArray());
    }
    double[] edges = Arrays.stream(quantiles(values)).distinct().toArray();
    out.mergeIn(distribution(values, edges));
    out.put("min", values[0]).put("max", values[n - 1]).put("p05", percentile(values, 0.05))
        .put("p01", percentile(values, 0.01));
    JsonArray sample = new JsonArray();
    int step = Math.max(1, n / SAMPLE);
    for (int i = 0; i < n; i += step) {
      sample.add(values[i]);
    }
    return out.put("sample", sample);
  }

  /** The smallest value with at least share {@code q} of the sorted values at or below it. */
  static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
  }

  private static double[] quantiles(double[] sorted) {
    double[] q = new double[BINS + 1];
    for (int i = 0; i <= BINS; i++) {
      q[i] = sorted[(int) Math.min(sorted.length - 1, Math.round((double) i / BINS * (sorted.length - 1)))];
    }
    return q;
  }

  /**
   * Fractions of values per bin; the first and last bins are open-ended so live values outside the training
   * range still land somewhere (that is the drift we want to see).
   */
  static JsonObject distribution(double[] values, double[] edges) {
    JsonArray e = new JsonArray();
    for (double d : edges) {
      e.add(d);
    }
    JsonArray f = new JsonArray();
    for (double d : Histogram.fractions(edges, values)) {
      f.add(d);
    }
    return new JsonObject().put("edges", e).put("fractions", f);
  }
}
