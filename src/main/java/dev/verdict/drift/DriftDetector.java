package dev.verdict.drift;

import dev.verdict.bus.Support;
import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import smile.stat.hypothesis.KSTest;

/**
 * Drift of one model version: a window of live records compared with the training baseline. Plain Java
 * (the drift verticle owns one per served model and calls it from its own event loop only).
 */
public final class DriftDetector {
  private final String model;
  private final String version;
  private final Baseline baseline;
  private final PerformanceEstimate estimate;
  private final DriftSettings s;
  private DriftWindow window;
  private boolean dataDrift;
  private boolean conceptDrift;
  private boolean concentrated;
  private List<String> reasons = List.of();
  private long since = System.currentTimeMillis();
  private long events;
  private long lastEvaluatedAt;
  private long lastEvaluatedNanos = System.nanoTime();
  private final Map<String, Long> paths = new TreeMap<>();
  private JsonObject lastReport = new JsonObject();
  /** Latest scores by "group|statistic", replaced whole after each evaluation: read by metric gauges. */
  private volatile Map<String, Double> scores = Map.of();

  public DriftDetector(String model, String version, Baseline baseline, PerformanceEstimate estimate,
                       DriftSettings settings) {
    this.model = model;
    this.version = version;
    this.baseline = baseline;
    this.estimate = estimate;
    this.s = settings;
    this.window = new DriftWindow(baseline, settings.window());
  }

  /** Adds one scored record; {@code primary} is null when the primary model did not score it. */
  public void add(FeatureVector features, double[] primary, Support support, String path) {
    window.add(features, primary, support);
    events++;
    paths.merge(path, 1L, Long::sum);
  }

  /**
   * True when a scheduled evaluation is due: {@code evaluate_every} records and {@code evaluate_interval_ms}
   * since the last one, so the cost per second stays flat however heavy the traffic.
   */
  public boolean due() {
    if (events - lastEvaluatedAt < s.evaluateEvery()) {
      return false;
    }
    long now = System.nanoTime();
    return s.evaluateIntervalMs() == 0 || now - lastEvaluatedNanos >= s.evaluateIntervalMs() * 1_000_000L;
  }

  public DriftState state() {
    return new DriftState(model, version, dataDrift, conceptDrift, concentrated, reasons, since);
  }

  public void reset() {
    window = new DriftWindow(baseline, s.window());
    dataDrift = false;
    conceptDrift = false;
    concentrated = false;
    reasons = List.of();
    since = System.currentTimeMillis();
    paths.clear();
    lastReport = new JsonObject();
  }

  /** Recomputes every statistic; returns true when the verdict changed. */
  public boolean evaluate() {
    lastEvaluatedAt = events;
    lastEvaluatedNanos = System.nanoTime();
    int n = window.distinct();
    boolean ready = n >= s.minSamples();
    List<String> raised = new ArrayList<>();
    List<String> conceptRaised = new ArrayList<>();
    boolean dataHigh = false;
    JsonObject features = new JsonObject();
    for (int g = 0; g < baseline.numeric().size(); g++) {
      Baseline.NumericRef ref = baseline.numeric().get(g);
      double[] live = window.values(g);
      double missing = n == 0 ? 0 : 1.0 - (double) live.length / n;
      double psi = live.length == 0 ? Double.NaN : DriftMath.psi(ref.fractions(), histogram(ref.edges(), live));
      KSTest ks = live.length < 2 || ref.sample().length < 2 ? null : DriftMath.ks(ref.sample(), live);
      double ksD = ks == null ? Double.NaN : ks.d;
      double missDelta = Math.abs(missing - ref.missingRate());
      boolean alarm = ge(psi, s.psiAlarm()) || ge(ksD, s.ksAlarm()) || missDelta >= s.missingAlarm();
      dataHigh |= ge(psi, s.psiAlarm() * s.clearRatio()) || ge(ksD, s.ksAlarm() * s.clearRatio())
          || missDelta >= s.missingAlarm() * s.clearRatio();
      if (alarm) {
        raised.add(String.format(Locale.ROOT, "%s: psi %.3f, ks %.3f, missing %.2f (baseline %.2f)", ref.name(),
            psi, ksD, missing, ref.missingRate()));
      }
      features.put(ref.name(), new JsonObject().put("kind", "numeric").put("psi", num(psi))
          .put("psi_alarm", s.psiAlarm()).put("ks", num(ksD)).put("ks_p_value", ks == null ? null : num(ks.pvalue))
          .put("ks_alarm", s.ksAlarm()).put("missing_rate", missing).put("baseline_missing_rate", ref.missingRate())
          .put("missing_alarm", s.missingAlarm()).put("alarm", ready && alarm));
    }
    for (int h = 0; h < baseline.hashed().size(); h++) {
      Baseline.HashedRef ref = baseline.hashed().get(h);
      double[] live = window.bucketCounts(h);
      double total = 0;
      double unseenMass = 0;
      for (int b = 0; b < live.length; b++) {
        total += live[b];
        if (ref.frequencies()[b] == 0) {
          unseenMass += live[b];
        }
      }
      double unseen = total == 0 ? 0 : unseenMass / total;
      double js = DriftMath.jensenShannon(ref.frequencies(), live);
      double unseenLimit = Math.min(1.0, ref.validationUnseen() + s.unseenMargin());
      double expectedJs = ref.expectedJs(n);
      double jsLimit = Math.min(1.0, expectedJs + s.jsMargin());
      double empty = window.emptyRate(h);
      double emptyDelta = Math.abs(empty - ref.emptyRate());
      boolean alarm = total > 0 && (unseen >= unseenLimit || js >= jsLimit) || emptyDelta >= s.missingAlarm();
      dataHigh |= total > 0 && (unseen >= clearLevel(ref.validationUnseen(), unseenLimit)
          || js >= clearLevel(expectedJs, jsLimit)) || emptyDelta >= s.missingAlarm() * s.clearRatio();
      if (alarm) {
        raised.add(String.format(Locale.ROOT, "%s: unseen share %.2f (limit %.2f), js %.3f (limit %.3f), empty %.2f",
            ref.name(), unseen, unseenLimit, js, jsLimit, empty));
      }
      features.put(ref.name(), new JsonObject().put("kind", "hashed").put("js", js).put("js_alarm", jsLimit)
          .put("unseen_share", unseen).put("unseen_alarm", unseenLimit).put("empty_rate", empty)
          .put("baseline_empty_rate", ref.emptyRate()).put("alarm", ready && alarm));
    }

    double[] conf = window.confidences();
    JsonObject concept;
    boolean cAlarm;
    boolean conceptHigh;
    if (baseline.regression()) {
      // a regression has no confidence: its output watch is the distribution of its predictions
      PredictionDrift pd = PredictionDrift.of(baseline, conf, s);
      cAlarm = pd.alarm();
      conceptHigh = pd.high();
      if (cAlarm) {
        conceptRaised.add(pd.reason());
      }
      concept = pd.json().put("alarm", ready && cAlarm);
    } else {
      double mean = Arrays.stream(conf).average().orElse(Double.NaN);
      double low = conf.length == 0 ? Double.NaN
          : Arrays.stream(conf).filter(c -> c < s.lowConfidence()).count() / (double) conf.length;
      KSTest cks = conf.length < 2 || baseline.confidenceSample().length < 2 ? null
          : DriftMath.ks(baseline.confidenceSample(), conf);
      double classJs = conf.length == 0 ? Double.NaN
          : DriftMath.jensenShannon(baseline.predictedClasses(),
          window.predictedCounts(baseline.predictedClasses().length));
      // Concept drift is a drop of the estimated accuracy below what validation chunks of this size show.
      double est = estimate.estimate(conf);
      double ref = estimate.reference(conf.length);
      double level = estimate.alarmLevel(conf.length, s.accuracySigmas(), s.accuracyTolerance());
      cAlarm = estimate.hasReference() && est < level;
      conceptHigh = estimate.hasReference() && est < clearLevel(ref, level);
      if (cAlarm) {
        conceptRaised.add(String.format(Locale.ROOT,
            "estimated accuracy %.3f under its alarm level %.3f (reference %.3f for %d inputs)", est, level, ref,
            conf.length));
      }
      concept = new JsonObject().put("estimated_accuracy", num(est)).put("reference_accuracy", num(ref))
          .put("accuracy_alarm_level", num(level)).put("accuracy_sigmas", s.accuracySigmas())
          .put("accuracy_tolerance", s.accuracyTolerance())
          .put("calibration", estimate.calibration().method())
          .put("mean_confidence", num(mean)).put("baseline_mean_confidence", baseline.meanConfidence())
          .put("low_confidence_share", num(low)).put("low_confidence_threshold", s.lowConfidence())
          .put("baseline_low_confidence_share", baseline.lowConfidenceRate())
          .put("confidence_ks", num(cks == null ? Double.NaN : cks.d))
          .put("predicted_class_js", num(classJs))
          .put("alarm", ready && cAlarm)
          .put("confidence_histogram", new JsonObject()
              .put("edges", new io.vertx.core.json.JsonArray(Arrays.stream(baseline.confidenceEdges()).boxed().toList()))
              .put("baseline", new io.vertx.core.json.JsonArray(Arrays.stream(baseline.confidenceFractions()).boxed().toList()))
              .put("live", new io.vertx.core.json.JsonArray(Arrays.stream(
                  dev.verdict.model.Histogram.fractions(baseline.confidenceEdges(), conf)).boxed().toList())));
    }

    double top = window.topShare();
    boolean concAlarm = window.size() >= s.minSamples() && top >= s.concentrationAlarm();
    JsonObject concentration = new JsonObject().put("records", window.size()).put("distinct", n)
        .put("top_share", top).put("effective_sample_size", window.effectiveSampleSize())
        .put("alarm_top_share", s.concentrationAlarm()).put("alarm", concAlarm);
    JsonObject support = new JsonObject();
    window.supportShares().forEach((k, v) -> support.put(k.isEmpty() ? "out_of_support_share" : k, v));

    boolean before = dataDrift;
    boolean beforeC = conceptDrift;
    boolean beforeK = concentrated;
    if (ready) {
      dataDrift = dataDrift ? dataHigh : !raised.isEmpty();
      conceptDrift = conceptDrift ? conceptHigh : cAlarm;
    }
    concentrated = concentrated ? top >= s.concentrationAlarm() * s.clearRatio() : concAlarm;
    boolean changed = before != dataDrift || beforeC != conceptDrift || beforeK != concentrated;
    if (changed) {
      since = System.currentTimeMillis();
    }
    List<String> all = new ArrayList<>();
    if (dataDrift) {
      all.addAll(raised.isEmpty() ? List.of("data drift clearing: scores between clear and alarm levels") : raised);
    }
    if (conceptDrift) {
      all.addAll(conceptRaised.isEmpty() ? List.of("concept drift clearing: scores between clear and alarm levels")
          : conceptRaised);
    }
    reasons = all;
    Map<String, Double> snap = new java.util.HashMap<>();
    features.forEach(e -> ((JsonObject) e.getValue()).forEach(f -> {
      if (f.getValue() instanceof Number x && !f.getKey().endsWith("_alarm") && !f.getKey().startsWith("baseline_")) {
        snap.put(e.getKey() + "|" + f.getKey(), x.doubleValue());
      }
    }));
    concept.forEach(f -> {
      if (f.getValue() instanceof Number x && !f.getKey().endsWith("_alarm") && !f.getKey().startsWith("baseline_")
          && !"low_confidence_threshold".equals(f.getKey()) && !f.getKey().startsWith("accuracy_")) {
        snap.put("concept|" + f.getKey(), x.doubleValue());
      }
    });
    concentration.forEach(f -> {
      if (f.getValue() instanceof Number x && !f.getKey().startsWith("alarm")) {
        snap.put("concentration|" + f.getKey(), x.doubleValue());
      }
    });
    support.forEach(f -> snap.put("support|" + f.getKey(), ((Number) f.getValue()).doubleValue()));
    scores = Map.copyOf(snap);
    lastReport = state().toJson()
        .put("window", new JsonObject().put("size", s.window()).put("filled", window.size()).put("distinct", n)
            .put("min_samples", s.minSamples()).put("verdict_ready", ready))
        .put("events", events).put("answers", new JsonObject(new TreeMap<>(paths)))
        .put("features", features).put("concept", concept).put("concentration", concentration)
        .put("support", support).put("unmonitored", baseline.unmonitored())
        .put("evaluated_at", java.time.Instant.now().toString());
    return changed;
  }

  /** A statistic from the latest evaluation (NaN before the first, or when it had no data). */
  public double score(String group, String statistic) {
    return scores.getOrDefault(group + "|" + statistic, Double.NaN);
  }

  public Baseline baseline() {
    return baseline;
  }

  public String version() {
    return version;
  }

  public JsonObject report() {
    return lastReport.copy();
  }

  public String model() {
    return model;
  }

  private double[] histogram(double[] edges, double[] live) {
    return dev.verdict.model.Histogram.fractions(edges, live);
  }

  /**
   * Where an alarm clears: {@code clear_ratio} of the way from the held-out reference level to the alarm
   * level. (Scaling the whole limit would put the clear level below what in-distribution traffic shows.)
   */
  private double clearLevel(double reference, double alarm) {
    return reference + (alarm - reference) * s.clearRatio();
  }

  private static boolean ge(double v, double limit) {
    return !Double.isNaN(v) && v >= limit;
  }

  private static Double num(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
