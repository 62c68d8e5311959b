package dev.verdict.store;

import dev.verdict.model.Aliases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Outcomes guarding a rollout: the canary's weight goes to 0 once, with at least {@code min_labels} labelled
 * canary answers, its metric is worse than stable's by more than {@code max_drop} across the whole 95% interval
 * of the difference. Undecided is not worse: the canary keeps its traffic until the labels say so. Promotion
 * stays a human call unless the guard says {@code "auto_promote": true}; then a canary better than stable across
 * its whole interval becomes stable.
 */
final class CanaryGuard {
  private CanaryGuard() {
  }

  /** Why the canary must stop taking traffic, or null when it may go on. */
  static String tripped(Aliases a, JsonObject performance) {
    JsonObject c = judged(a, performance);
    if (c == null) {
      return null;
    }
    JsonObject g = a.canaryGuard();
    double maxDrop = g.getDouble("max_drop", 0.0);
    JsonArray ci = c.getJsonArray("interval");
    // accuracy: higher is better, so worse is the difference's upper bound below -max_drop; mae the opposite
    boolean worse = "accuracy".equals(c.getString("metric")) ? ci.getDouble(1) < -maxDrop : ci.getDouble(0) > maxDrop;
    return worse ? describe(a, c, "beyond max_drop " + String.format(Locale.ROOT, "%.4f", maxDrop)) : null;
  }

  /** Why the canary should become stable (auto_promote and better across its whole interval), or null. */
  static String promoted(Aliases a, JsonObject performance) {
    JsonObject c = judged(a, performance);
    if (c == null || !a.canaryGuard().getBoolean("auto_promote", false) || !"better".equals(c.getString("verdict"))) {
      return null;
    }
    return describe(a, c, "better across its interval (auto_promote)");
  }

  /** The canary's comparison with stable when the guard may act on it: enough labels, not acted on before. */
  private static JsonObject judged(Aliases a, JsonObject performance) {
    JsonObject g = a.canaryGuard();
    if (g == null || a.canary() == null || a.canaryWeight() <= 0 || g.containsKey(Aliases.TRIPPED)) {
      return null;
    }
    String metric = g.getString("metric", "accuracy");
    int minLabels = g.getInteger("min_labels", 300);
    for (Object o : performance.getJsonArray("comparisons", new JsonArray())) {
      JsonObject c = (JsonObject) o;
      if ("canary".equals(c.getString("route")) && a.canary().equals(c.getString("version"))
          && metric.equals(c.getString("metric")) && c.getInteger("labels") >= minLabels) {
        return c;
      }
    }
    return null;
  }

  private static String describe(Aliases a, JsonObject c, String why) {
    JsonArray ci = c.getJsonArray("interval");
    return String.format(Locale.ROOT, "canary %s %s %+.4f against stable %s, interval [%.4f, %.4f] %s, over %d "
            + "canary and %d stable labels", a.canary(), c.getString("metric"), c.getDouble("difference"),
        c.getString("against_version"), ci.getDouble(0), ci.getDouble(1), why, c.getInteger("labels"),
        c.getInteger("stable_labels"));
  }
}
