package dev.verdict.drift;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Window, verdict and alarm settings of drift detection ({@code drift} section of the config). Alarms
 * raise at the threshold and clear only {@code clearRatio} of the way back to the reference level, so a
 * state does not flap.
 *
 * @param lowConfidence      confidence under which an answer counts as low-confidence (a reported figure)
 * @param accuracySigmas     concept drift: the estimated accuracy this many standard deviations (of validation
 *                           chunks of the window's size) under its reference
 * @param accuracyTolerance  and this much more: validation rows chose the early-stopping round, so their
 *                           confidence runs above unseen rows' (measured on the shipped model: 0.944 against
 *                           0.922 on the holdout)
 * @param concentrationAlarm traffic concentration: the most repeated input's share of the window; alerts,
 *                           never routes
 */
public record DriftSettings(boolean enabled, int window, int minSamples, int evaluateEvery, long evaluateIntervalMs,
                            double psiAlarm, double ksAlarm, double missingAlarm, double unseenMargin,
                            double jsMargin, double lowConfidence, double accuracySigmas, double accuracyTolerance,
                            double concentrationAlarm,
                            double clearRatio, FallbackPolicy policy) {

  public static final JsonObject DEFAULTS = new JsonObject()
      .put("enabled", true).put("window", 1000).put("min_samples", 200).put("evaluate_every", 100).put("evaluate_interval_ms", 250)
      .put("psi_alarm", 0.25).put("ks_alarm", 0.2).put("missing_alarm", 0.3)
      .put("unseen_margin", 0.2).put("js_margin", 0.15)
      .put("low_confidence", 0.5).put("accuracy_sigmas", 3.0).put("accuracy_tolerance", 0.03)
      .put("concentration_alarm", 0.5)
      .put("clear_ratio", 0.7).put("fallback_policy", "on-support");

  /** Two-sided confidence tests, retired: rising confidence is not drift, and a class mix is prior shift. */
  static final List<String> RETIRED = List.of("low_confidence_alarm", "confidence_drop_alarm", "confidence_ks_alarm",
      "class_js_alarm");

  public static DriftSettings fromJson(JsonObject json) {
    JsonObject given = json == null ? new JsonObject() : json;
    for (String k : RETIRED) {
      if (given.containsKey(k)) {
        throw new IllegalArgumentException("drift." + k + " was retired: concept drift now alarms on a drop of the "
            + "estimated accuracy (drift.accuracy_sigmas); see docs/drift-and-fallback.md");
      }
    }
    JsonObject j = DEFAULTS.copy().mergeIn(given);
    DriftSettings s = new DriftSettings(j.getBoolean("enabled"), j.getInteger("window"), j.getInteger("min_samples"),
        j.getInteger("evaluate_every"), j.getLong("evaluate_interval_ms"), j.getDouble("psi_alarm"), j.getDouble("ks_alarm"),
        j.getDouble("missing_alarm"), j.getDouble("unseen_margin"), j.getDouble("js_margin"),
        j.getDouble("low_confidence"), j.getDouble("accuracy_sigmas"), j.getDouble("accuracy_tolerance"),
        j.getDouble("concentration_alarm"),
        j.getDouble("clear_ratio"), FallbackPolicy.parse(j.getString("fallback_policy")));
    if (s.window < 10 || s.minSamples < 1 || s.minSamples > s.window || s.evaluateEvery < 1) {
      throw new IllegalArgumentException("drift: need window >= 10, 1 <= min_samples <= window, evaluate_every >= 1");
    }
    if (!(s.clearRatio > 0 && s.clearRatio <= 1)) {
      throw new IllegalArgumentException("drift: clear_ratio must be in (0, 1]");
    }
    if (!(s.accuracySigmas > 0) || !(s.accuracyTolerance >= 0) || !(s.concentrationAlarm > 0 && s.concentrationAlarm <= 1)) {
      throw new IllegalArgumentException("drift: need accuracy_sigmas > 0, accuracy_tolerance >= 0 and 0 < concentration_alarm <= 1");
    }
    return s;
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("window", window).put("min_samples", minSamples).put("evaluate_every", evaluateEvery)
        .put("evaluate_interval_ms", evaluateIntervalMs)
        .put("psi_alarm", psiAlarm).put("ks_alarm", ksAlarm).put("missing_alarm", missingAlarm)
        .put("unseen_margin", unseenMargin).put("js_margin", jsMargin).put("low_confidence", lowConfidence)
        .put("accuracy_sigmas", accuracySigmas).put("accuracy_tolerance", accuracyTolerance)
        .put("concentration_alarm", concentrationAlarm)
        .put("clear_ratio", clearRatio).put("fallback_policy", policy.wire());
  }
}
