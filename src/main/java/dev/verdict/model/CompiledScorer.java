package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * One worker's evaluator over a shared {@link TreeForest}, with LightGBM's exact decision rules and summation
 * order. A tree whose split features the row leaves at zero lands where an all-zero row lands, so it costs one
 * array read; only the trees the row's explicit entries reach are walked. Every tree's value is still added in
 * model order, class by class, so the raw scores carry the booster's rounding bit for bit.
 *
 * <p>Not thread-safe: it owns a dense row buffer and a per-tree mark, both reset after each row, so scoring
 * allocates nothing but the returned probabilities.
 */
public final class CompiledScorer {
  private final TreeForest f;
  private final double[] row;
  private final int[] mark;
  private int epoch;

  public CompiledScorer(TreeForest forest) {
    this.f = forest;
    this.row = new double[forest.numFeatures];
    this.mark = new int[forest.numTrees];
  }

  public TreeForest forest() {
    return f;
  }

  /** Raw scores (before the objective's transform) into {@code out[0..numClass)}. */
  public void rawInto(FeatureVector v, double[] out) {
    int[] idx = v.indices();
    double[] val = v.values();
    int n = idx.length;
    int e = ++epoch;
    if (e == Integer.MAX_VALUE) {
      java.util.Arrays.fill(mark, 0);
      epoch = e = 1;
    }
    for (int i = 0; i < n; i++) {
      int c = idx[i];
      if (c < 0 || c >= row.length) {
        continue; // a column the model never saw: LightGBM ignores it too
      }
      row[c] = val[i];
      for (int t : f.treesOfFeature[c]) {
        mark[t] = e;
      }
    }
    int k = f.numClass;
    for (int c = 0; c < k; c++) {
      out[c] = 0.0;
    }
    int[] roots = f.root;
    double[] zero = f.zeroRowValue;
    double[] leaves = f.leafValue;
    for (int t = 0, c = 0; t < roots.length; t++) {
      out[c] += mark[t] == e ? leaves[~leafOf(f, roots[t], row)] : zero[t];
      if (++c == k) {
        c = 0;
      }
    }
    for (int i = 0; i < n; i++) {
      int c = idx[i];
      if (c >= 0 && c < row.length) {
        row[c] = 0.0;
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

  /**
   * Walks one tree from {@code node} to its leaf. {@code row == null} means the all-zero row (used at load to
   * precompute each tree's untouched leaf).
   *
   * @return {@code ~leafIndex}
   */
  static int leafOf(TreeForest f, int node, double[] row) {
    int n = node;
    int[] feature = f.feature;
    double[] thr = f.threshold;
    byte[] kind = f.kind;
    while (n >= 0) {
      double x = row == null ? 0.0 : row[feature[n]];
      if (kind[n] == 0) {
        // NaN fails both comparisons and goes where LightGBM sends it (folded into nanChild at load)
        n = x <= thr[n] ? f.left[n] : x > thr[n] ? f.right[n] : f.nanChild[n];
      } else {
        n = kind[n] == 1 ? zeroMissing(f, n, x) : categorical(f, n, x);
      }
    }
    return n;
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
