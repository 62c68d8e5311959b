package dev.verdict.drift;

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

  /** Jensen–Shannon divergence (base 2, so 0..1) of two weight vectors of equal length, each normalised first. */
  public static double jensenShannon(double[] p, double[] q) {
    double sp = 0;
    double sq = 0;
    for (int i = 0; i < p.length; i++) {
      sp += p[i];
      sq += q[i];
    }
    if (sp == 0 || sq == 0) {
      return sp == sq ? 0.0 : 1.0;
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      if (a == 0 && b == 0) {
        continue;
      }
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

}
