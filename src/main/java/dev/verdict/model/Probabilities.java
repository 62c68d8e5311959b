package dev.verdict.model;

/** Helpers over a model's class-probability vectors. */
public final class Probabilities {
  private Probabilities() {
  }

  /** Index of the largest probability; the first one on ties. */
  public static int argmax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }
}
