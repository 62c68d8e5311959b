package dev.verdict.model;

/** Helpers over a model's class-probability vectors. */
public final class Probabilities {
  private Probabilities() {
  }

  /**
   * The class a model's output predicts: a binary model's "1" when its probability reaches the threshold,
   * otherwise the largest probability; 0 (the only value) for a regression.
   */
  public static int predicted(double[] p, Objective o) {
    return switch (o.kind()) {
      case BINARY -> p[1] >= o.threshold() ? 1 : 0;
      case REGRESSION -> 0;
      case MULTICLASS -> argmax(p);
    };
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
