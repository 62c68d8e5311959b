package dev.verdict.model;

/**
 * Binning shared by the trainer (which writes the baseline) and the drift detector (which compares live
 * windows with it): the same edges must put the same value in the same bin on both sides.
 */
public final class Histogram {
  private Histogram() {
  }

  /**
   * Bin of {@code x} for {@code edges.length - 1} bins; bin b holds edges[b] <= x < edges[b+1], and the
   * first and last bins are open-ended so values outside the training range still land somewhere.
   */
  public static int binOf(double[] edges, double x) {
    int bins = Math.max(1, edges.length - 1);
    int b = 0;
    while (b < bins - 1 && x >= edges[b + 1]) {
      b++;
    }
    return b;
  }

  public static double[] fractions(double[] edges, double[] values) {
    double[] f = new double[Math.max(1, edges.length - 1)];
    for (double x : values) {
      f[binOf(edges, x)]++;
    }
    for (int i = 0; i < f.length; i++) {
      f[i] /= Math.max(1, values.length);
    }
    return f;
  }
}
