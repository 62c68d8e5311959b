package dev.verdict.drift;

import io.vertx.core.json.JsonObject;

/**
 * Window, verdict and alarm settings of drift detection ({@code drift} section of the config). Alarms
 * raise at the threshold and clear only below {@code clearRatio} × threshold, so a state does not flap.
 */
public record DriftSettings(boolean enabled, int window, int minSamples, int evaluateEvery, long evaluateIntervalMs, double psiAlarm, double ksAlarm,
                            double missingAlarm, double unseenMargin, double jsMargin, double lowConfidence,
                            double lowConfidenceAlarm, double confidenceDropAlarm, double confidenceKsAlarm,
                            double classJsAlarm, double clearRatio, FallbackPolicy policy) {

  public static final JsonObject DEFAULTS = new JsonObject()
      .put("enabled", true).put("window", 1000).put("min_samples", 200).put("evaluate_every", 100).put("evaluate_interval_ms", 250)
      .put("psi_alarm", 0.25).put("ks_alarm", 0.2).put("missing_alarm", 0.3)
      .put("unseen_margin", 0.2).put("js_margin", 0.15)
      .put("low_confidence", 0.5).put("low_confidence_alarm", 0.3).put("confidence_drop_alarm", 0.15)
      .put("confidence_ks_alarm", 0.3).put("class_js_alarm", 0.2)
      .put("clear_ratio", 0.7).put("fallback_policy", "off");

  public static DriftSettings fromJson(JsonObject json) {
    JsonObject j = DEFAULTS.copy().mergeIn(json == null ? new JsonObject() : json);
    DriftSettings s = new DriftSettings(j.getBoolean("enabled"), j.getInteger("window"), j.getInteger("min_samples"),
        j.getInteger("evaluate_every"), j.getLong("evaluate_interval_ms"), j.getDouble("psi_alarm"), j.getDouble("ks_alarm"),
        j.getDouble("missing_alarm"), j.getDouble("unseen_margin"), j.getDouble("js_margin"),
        j.getDouble("low_confidence"), j.getDouble("low_confidence_alarm"), j.getDouble("confidence_drop_alarm"),
        j.getDouble("confidence_ks_alarm"), j.getDouble("class_js_alarm"), j.getDouble("clear_ratio"),
        FallbackPolicy.parse(j.getString("fallback_policy")));
    if (s.window < 10 || s.minSamples < 1 || s.minSamples > s.window || s.evaluateEvery < 1) {
      throw new IllegalArgumentException("drift: need window >= 10, 1 <= min_samples <= window, evaluate_every >= 1");
    }
    if (!(s.clearRatio > 0 && s.clearRatio <= 1)) {
      throw new IllegalArgumentException("drift: clear_ratio must be in (0, 1]");
    }
    return s;
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("window", window).put("min_samples", minSamples).put("evaluate_every", evaluateEvery)
        .put("evaluate_interval_ms", evaluateIntervalMs)
        .put("psi_alarm", psiAlarm).put("ks_alarm", ksAlarm).put("missing_alarm", missingAlarm)
        .put("unseen_margin", unseenMargin).put("js_margin", jsMargin).put("low_confidence", lowConfidence)
        .put("low_confidence_alarm", lowConfidenceAlarm).put("confidence_drop_alarm", confidenceDropAlarm)
        .put("confidence_ks_alarm", confidenceKsAlarm).put("class_js_alarm", classJsAlarm)
        .put("clear_ratio", clearRatio).put("fallback_policy", policy.wire());
  }
}
