package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * One worker's evaluator over a shared {@link TreeForest}, with LightGBM's exact decision rules and summation
 * order. A tree lands where an all-zero row lands unless the row changes a decision on that tree's zero path,
 * so only those trees are resolved: feature-major through {@link BitFlips} when every tree has at most 64 leaves,
 * else by walking them ({@link TreeWalk}). Every tree's value is still added in model order, class by class, so
 * the raw scores carry the booster's rounding bit for bit.
 *
 * <p>Not thread-safe: it owns per-row state that is reset after each row, so scoring allocates nothing but the
 * returned probabilities.
 */
public final class CompiledScorer {
  private final TreeForest f;
  /** Each tree's value for the current row: its zero-row value, overwritten for resolved trees and restored after. */
  private final double[] value;
  private final BitFlips flips;
  private final TreeWalk walk;

  public CompiledScorer(TreeForest forest) {
    this(forest, false);
  }

  /** {@code walk}: walk every tree even when the feature-major layout applies (tests check both ways). */
  CompiledScorer(TreeForest forest, boolean walk) {
    this.f = forest;
    this.value = forest.zeroRowValue.clone();
    this.flips = walk || forest.leafBits == null ? null : new BitFlips(forest);
    this.walk = flips == null ? new TreeWalk(forest) : null;
  }

  public TreeForest forest() {
    return f;
  }

  /** Raw scores (before the objective's transform) into {@code out[0..numClass)}. */
  public void rawInto(FeatureVector v, double[] out) {
    if (flips != null) {
      flips.apply(v, value);
      sum(out);
      flips.undo(value);
    } else {
      walk.apply(v, value);
      sum(out);
      walk.undo(v, value);
    }
  }

  /** Model order, class by class, as LightGBM adds them; no branch per tree. */
  private void sum(double[] out) {
    int k = f.numClass;
    for (int c = 0; c < k; c++) {
      out[c] = 0.0;
    }
    double[] tv = value;
    for (int base = 0; base < tv.length; base += k) {
      for (int c = 0; c < k; c++) {
        out[c] += tv[base + c];
      }
    }
  }

  /** Class probabilities (or the objective's output) of one row. */
  public double[] predict(FeatureVector v) {
    double[] out = new double[f.numClass];
    rawInto(v, out);
    transform(out);
    return out;
  }

  /** Applies the objective's output transform in place, with LightGBM's operation order. */
  public void transform(double[] s) {
    switch (f.transform) {
      case SOFTMAX -> {
        double max = s[0];
        for (int i = 1; i < s.length; i++) {
          max = Math.max(s[i], max);
        }
        double sum = 0.0;
        for (int i = 0; i < s.length; i++) {
          s[i] = Math.exp(s[i] - max);
          sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
          s[i] /= sum;
        }
      }
      case SIGMOID, OVA_SIGMOID -> {
        for (int i = 0; i < s.length; i++) {
          s[i] = 1.0 / (1.0 + Math.exp(-f.sigmoid * s[i]));
        }
      }
      case EXP -> {
        for (int i = 0; i < s.length; i++) {
          s[i] = Math.exp(s[i]);
        }
      }
      case IDENTITY -> {
      }
    }
  }

  /** One node's decision for value {@code x}, by LightGBM's rules. */
  static int decide(TreeForest f, int n, double x) {
    if (f.kind[n] == 0) {
      return x <= f.threshold[n] ? f.left[n] : x > f.threshold[n] ? f.right[n] : f.nanChild[n];
    }
    return f.kind[n] == 1 ? zeroMissing(f, n, x) : categorical(f, n, x);
  }

  /** Missing type zero: NaN reads as 0.0, and |x| <= kZeroThreshold takes the default direction. */
  private static int zeroMissing(TreeForest f, int n, double x) {
    if (Double.isNaN(x) || (x >= -TreeForest.ZERO_THRESHOLD && x <= TreeForest.ZERO_THRESHOLD)) {
      return f.defaultLeft[n] ? f.left[n] : f.right[n];
    }
    return x <= f.threshold[n] ? f.left[n] : f.right[n];
  }

  /**
   * LightGBM's categorical rule: NaN and negatives go right (4.x says so; 3.2.1 casts NaN to int, which x86
   * makes INT_MIN, so it goes right there too); otherwise bit {@code x mod 32} of word {@code x / 32} of the
   * node's bitset, and a category past the bitset goes right. Java's cast saturates where x86 gives INT_MIN,
   * but both land past the bitset or below zero, so the answer is the same.
   */
  private static int categorical(TreeForest f, int n, double x) {
    if (Double.isNaN(x)) {
      return f.right[n];
    }
    int c = (int) x;
    if (c < 0) {
      return f.right[n];
    }
    int word = c >>> 5;
    if (word >= f.catWords[n]) {
      return f.right[n];
    }
    return ((f.catBits[f.catStart[n] + word] >>> (c & 31)) & 1) != 0 ? f.left[n] : f.right[n];
  }
}
