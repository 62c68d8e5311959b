package dev.verdict.store;

import dev.verdict.model.Aliases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Outcomes guarding a rollout: the canary's weight goes to 0 once, with at least {@code min_labels} labelled
 * canary answers, its metric is worse than stable's by more than {@code max_drop} across the whole 95% interval
 * of the difference. Undecided is not worse: the canary keeps its traffic until the labels say so. Promotion
 * stays a human call.
 */
final class CanaryGuard {
  private CanaryGuard() {
  }

  /** Why the canary must stop taking traffic, or null when it may go on. */
  static String tripped(Aliases a, JsonObject performance) {
    JsonObject g = a.canaryGuard();
    if (g == null || a.canary() == null || a.canaryWeight() <= 0 || g.containsKey("tripped")) {
      return null;
    }
    String metric = g.getString("metric", "accuracy");
    double maxDrop = g.getDouble("max_drop", 0.0);
    int minLabels = g.getInteger("min_labels", 300);
    for (Object o : performance.getJsonArray("comparisons", new JsonArray())) {
      JsonObject c = (JsonObject) o;
      if (!"canary".equals(c.getString("route")) || !a.canary().equals(c.getString("version"))
          || !metric.equals(c.getString("metric")) || c.getInteger("labels") < minLabels) {
        continue;
      }
      JsonArray ci = c.getJsonArray("interval");
      // accuracy: higher is better, so worse is the difference's upper bound below -max_drop; mae the opposite
      boolean worse = "accuracy".equals(metric) ? ci.getDouble(1) < -maxDrop : ci.getDouble(0) > maxDrop;
      if (worse) {
        return String.format(Locale.ROOT, "canary %s %s %.4f against stable %s, interval [%.4f, %.4f] beyond "
                + "max_drop %.4f, over %d canary and %d stable labels", a.canary(), metric, c.getDouble("difference"),
            c.getString("against_version"), ci.getDouble(0), ci.getDouble(1), maxDrop, c.getInteger("labels"),
            c.getInteger("stable_labels"));
      }
    }
    return null;
  }
}
