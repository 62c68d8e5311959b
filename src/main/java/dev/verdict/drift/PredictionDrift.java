package dev.verdict.drift;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import smile.stat.hypothesis.KSTest;

/**
 * A regression's output watch: its live predictions against the distribution of its predictions on validation
 * rows, with the numeric features' own tests and thresholds (PSI over the baseline's quantile bins, KS). A shift
 * in what the model answers is the first sign a regression's world moved, since there is no confidence to
 * estimate its accuracy from.
 */
record PredictionDrift(double psi, double ks, double mean, boolean alarm, boolean high, String reason, JsonObject json) {

  static PredictionDrift of(Baseline b, double[] live, DriftSettings s) {
    double mean = Arrays.stream(live).average().orElse(Double.NaN);
    double[] liveFractions = dev.verdict.model.Histogram.fractions(b.confidenceEdges(), live);
    double psi = live.length == 0 ? Double.NaN : DriftMath.psi(b.confidenceFractions(), liveFractions);
    KSTest ks = live.length < 2 || b.confidenceSample().length < 2 ? null : DriftMath.ks(b.confidenceSample(), live);
    double d = ks == null ? Double.NaN : ks.d;
    boolean alarm = psi >= s.psiAlarm() || d >= s.ksAlarm();
    boolean high = psi >= s.psiAlarm() * s.clearRatio() || d >= s.ksAlarm() * s.clearRatio();
    String reason = String.format(Locale.ROOT, "prediction distribution: psi %.3f, ks %.3f (mean %.4g, baseline %.4g)",
        psi, d, mean, b.meanConfidence());
    JsonObject j = new JsonObject().put("watch", "prediction distribution (a regression has no confidence)")
        .put("mean_prediction", num(mean)).put("baseline_mean_prediction", b.meanConfidence())
        .put("prediction_psi", num(psi)).put("psi_alarm", s.psiAlarm())
        .put("prediction_ks", num(d)).put("ks_alarm", s.ksAlarm())
        .put("prediction_histogram", new JsonObject()
            .put("edges", new JsonArray(Arrays.stream(b.confidenceEdges()).boxed().toList()))
            .put("baseline", new JsonArray(Arrays.stream(b.confidenceFractions()).boxed().toList()))
            .put("live", new JsonArray(Arrays.stream(liveFractions).boxed().toList())));
    return new PredictionDrift(psi, d, mean, alarm, high, reason, j);
  }

  private static Double num(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
