package dev.verdict.store;

import dev.verdict.drift.PerformanceEstimate;
import dev.verdict.train.RegressionMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Realized performance from labelled predictions, per version, route and path: accuracy (with its Wilson 95%
 * interval), macro-F1 and log-loss for a classifier, MAE and RMSE (with a 95% interval of the MAE) for a
 * regression; beside each classifier group, Verdict's own label-free estimate for the same predictions, so the
 * estimate's error shows. Plain Java over rows from the store.
 */
public final class Realized {
  static final double Z = 1.96;

  private Realized() {
  }

  /** What a version needs to be judged: its class labels (empty for a regression) and its calibration. */
  public record VersionInfo(List<String> labels, PerformanceEstimate estimate) {
  }

  /** A served model's figures: each version judged by its own labels and calibration. */
  static JsonObject of(dev.verdict.model.ModelSlot slot, List<LabelledRow> rows, long bucketMs) {
    Map<String, VersionInfo> info = new java.util.HashMap<>();
    slot.versions().forEach((ver, v) -> info.put(ver, new VersionInfo(v.labels(),
        PerformanceEstimate.fromJson(v.manifest().json().getJsonObject("calibration")))));
    return of(slot.name(), rows, info, bucketMs);
  }

  public static JsonObject of(String model, List<LabelledRow> rows, Map<String, VersionInfo> versions,
                              long bucketMs) {
    Map<String, List<LabelledRow>> groups = new TreeMap<>();
    Map<String, List<LabelledRow>> byRoute = new TreeMap<>();
    for (LabelledRow r : rows) {
      groups.computeIfAbsent(r.version() + "|" + r.route() + "|" + r.path(), k -> new ArrayList<>()).add(r);
      byRoute.computeIfAbsent(r.version() + "|" + r.route(), k -> new ArrayList<>()).add(r);
    }
    JsonArray out = new JsonArray();
    groups.forEach((k, rs) -> {
      String[] p = k.split("\\|", 3);
      out.add(group(rs, versions.get(p[0])).put("version", p[0]).put("route", p[1]).put("path", p[2]));
    });
    JsonArray routes = new JsonArray();
    byRoute.forEach((k, rs) -> {
      String[] p = k.split("\\|", 2);
      routes.add(group(rs, versions.get(p[0])).put("version", p[0]).put("route", p[1]));
    });
    return new JsonObject().put("model", model).put("labelled", rows.size()).put("by_route", routes)
        .put("by_path", out).put("comparisons", comparisons(byRoute, versions))
        .put("buckets", buckets(rows, versions, bucketMs));
  }

  /** One group's figures; {@code info} null (a version no longer served) judges by the answers' own labels. */
  static JsonObject group(List<LabelledRow> rows, VersionInfo info) {
    boolean regression = info != null ? info.labels().isEmpty() : rows.get(0).labelValue() != null;
    JsonObject j = new JsonObject().put("labels", rows.size());
    if (regression) {
      List<LabelledRow> valued = rows.stream().filter(r -> r.value() != null && r.labelValue() != null).toList();
      double[] predicted = valued.stream().mapToDouble(LabelledRow::value).toArray();
      double[] truth = valued.stream().mapToDouble(LabelledRow::labelValue).toArray();
      RegressionMetrics m = RegressionMetrics.of(predicted, truth);
      // the MAE's interval: the absolute errors' spread around it, normal approximation
      double sq = 0;
      for (int i = 0; i < predicted.length; i++) {
        sq += Math.pow(Math.abs(predicted[i] - truth[i]) - m.mae(), 2);
      }
      double h = Z * Math.sqrt(sq / predicted.length) / Math.sqrt(predicted.length);
      return j.put("mae", m.mae()).put("mae_interval", new JsonArray().add(m.mae() - h).add(m.mae() + h))
          .put("rmse", m.rmse());
    }
    List<String> labels = info != null ? info.labels() : List.of();
    int correct = 0;
    double logLoss = 0;
    int withProba = 0;
    Map<String, int[]> f1 = new LinkedHashMap<>(); // label → {tp, predicted, actual}
    double[] conf = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      LabelledRow r = rows.get(i);
      boolean hit = r.answer().equals(r.label());
      correct += hit ? 1 : 0;
      f1.computeIfAbsent(r.answer(), x -> new int[3])[1]++;
      f1.computeIfAbsent(r.label(), x -> new int[3])[2]++;
      if (hit) {
        f1.get(r.label())[0]++;
      }
      conf[i] = r.confidence() == null ? Double.NaN : r.confidence();
      int k = labels.indexOf(r.label());
      if (r.probabilities() != null && k >= 0) {
        double pk = LoggedPrediction.unpack(r.probabilities(), k);
        logLoss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, pk)));
        withProba++;
      }
    }
    int n = rows.size();
    double acc = (double) correct / n;
    double macro = 0;
    int classes = 0;
    // over every class answered or labelled, as scikit-learn's f1_score(average="macro") counts them
    for (int[] c : f1.values()) {
      macro += 2.0 * c[0] / (c[1] + c[2]);
      classes++;
    }
    j.put("accuracy", acc).put("accuracy_interval", wilson(correct, n)).put("macro_f1", macro / Math.max(1, classes))
        .put("log_loss", withProba == 0 ? null : logLoss / withProba);
    if (info != null && info.estimate() != null) {
      double est = info.estimate().estimate(conf);
      j.put("estimated_accuracy", Double.isFinite(est) ? est : null)
          .put("estimate_error", Double.isFinite(est) ? est - acc : null);
    }
    return j;
  }

  /** Wilson score interval of a proportion, 95%. */
  static JsonArray wilson(int k, int n) {
    double p = (double) k / n;
    double d = 1 + Z * Z / n;
    double c = (p + Z * Z / (2 * n)) / d;
    double h = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / d;
    return new JsonArray().add(Math.max(0, c - h)).add(Math.min(1, c + h));
  }

  /**
   * Each canary or shadow route against the stable route: the difference in accuracy (or in MAE for a
   * regression, lower is better), its 95% interval, and a verdict: better or worse when the interval excludes 0,
   * else undecided.
   */
  static JsonArray comparisons(Map<String, List<LabelledRow>> byRoute, Map<String, VersionInfo> versions) {
    JsonArray out = new JsonArray();
    Map.Entry<String, List<LabelledRow>> stable = byRoute.entrySet().stream()
        .filter(e -> e.getKey().endsWith("|stable")).max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
        .orElse(null);
    if (stable == null) {
      return out;
    }
    JsonObject base = group(stable.getValue(), versions.get(stable.getKey().split("\\|")[0]));
    byRoute.forEach((k, rs) -> {
      String[] p = k.split("\\|", 2);
      if (!"canary".equals(p[1]) && !"shadow".equals(p[1])) {
        return;
      }
      JsonObject g = group(rs, versions.get(p[0]));
      boolean regression = g.containsKey("mae");
      double a = regression ? g.getDouble("mae") : g.getDouble("accuracy");
      double b = regression ? base.getDouble("mae") : base.getDouble("accuracy");
      double se = regression
          ? Math.sqrt(sq(half(g.getJsonArray("mae_interval"))) + sq(half(base.getJsonArray("mae_interval"))))
          : Math.sqrt(a * (1 - a) / rs.size() + b * (1 - b) / stable.getValue().size());
      double diff = a - b;
      double lo = diff - (regression ? se : Z * se);
      double hi = diff + (regression ? se : Z * se);
      String verdict = lo > 0 ? (regression ? "worse" : "better") : hi < 0 ? (regression ? "better" : "worse")
          : "undecided";
      out.add(new JsonObject().put("version", p[0]).put("route", p[1]).put("against_version", stable.getKey().split("\\|")[0])
          .put("metric", regression ? "mae" : "accuracy").put("difference", diff)
          .put("interval", new JsonArray().add(lo).add(hi)).put("labels", rs.size())
          .put("stable_labels", stable.getValue().size()).put("verdict", verdict));
    });
    return out;
  }

  private static double half(JsonArray interval) {
    return (interval.getDouble(1) - interval.getDouble(0)) / 2;
  }

  private static double sq(double d) {
    return d * d;
  }

  /** The stable route's figures per time bucket of the predictions, oldest first. */
  static JsonArray buckets(List<LabelledRow> rows, Map<String, VersionInfo> versions, long bucketMs) {
    Map<Long, List<LabelledRow>> byBucket = new TreeMap<>();
    for (LabelledRow r : rows) {
      if ("stable".equals(r.route())) {
        byBucket.computeIfAbsent(r.atMs() / bucketMs * bucketMs, k -> new ArrayList<>()).add(r);
      }
    }
    JsonArray out = new JsonArray();
    byBucket.forEach((t, rs) -> out.add(group(rs, versions.get(rs.get(0).version())).put("from_ms", t)
        .put("to_ms", t + bucketMs)));
    return out;
  }
}
