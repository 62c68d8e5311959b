package dev.verdict.drift;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import smile.stat.hypothesis.KSTest;

/** The drift statistics, as plain functions (checked against hand-computed fixtures in the tests). */
public final class DriftMath {
  /** Empty bins are smoothed to this fraction so PSI stays finite. */
  public static final double PSI_EPSILON = 1e-4;

  private DriftMath() {
  }

  /** Population stability index: Σ (a − e) · ln(a / e) over bins, both sides smoothed by {@link #PSI_EPSILON}. */
  public static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("bin counts differ: " + expected.length + " vs " + actual.length);
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], PSI_EPSILON);
      double a = Math.max(actual[i], PSI_EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** Two-sample Kolmogorov–Smirnov statistic D and its p-value (Smile's implementation; inputs untouched). */
  public static KSTest ks(double[] reference, double[] live) {
    return KSTest.test(reference.clone(), live.clone());
  }

  /**
   * Jensen–Shannon divergence (base 2, so 0..1) between two discrete distributions given as sparse maps
   * of non-negative weights; each side is normalised first.
   */
  public static double jensenShannon(Map<Integer, Double> p, Map<Integer, Double> q) {
    double sp = sum(p);
    double sq = sum(q);
    if (sp == 0 || sq == 0) {
      return sp == sq ? 0.0 : 1.0;
    }
    Set<Integer> keys = new HashSet<>(p.keySet());
    keys.addAll(q.keySet());
    double js = 0;
    for (Integer k : keys) {
      double a = p.getOrDefault(k, 0.0) / sp;
      double b = q.getOrDefault(k, 0.0) / sq;
      double m = (a + b) / 2;
      if (a > 0) {
        js += 0.5 * a * Math.log(a / m);
      }
      if (b > 0) {
        js += 0.5 * b * Math.log(b / m);
      }
    }
    return Math.max(0.0, js / Math.log(2));
  }

  private static double sum(Map<Integer, Double> m) {
    double s = 0;
    for (double v : m.values()) {
      s += v;
    }
    return s;
  }
}
