package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * One worker's evaluator over a shared {@link TreeForest}, with LightGBM's exact decision rules and summation
 * order. A tree lands where an all-zero row lands unless one of the row's explicit columns splits a node on
 * that tree's zero path, so most trees cost one array read; the others are walked from the shallowest such
 * node, and within the walk an absent column takes the precomputed zero child without reading the row. Every tree's value is still added in
 * model order, class by class, so the raw scores carry the booster's rounding bit for bit.
 *
 * <p>Not thread-safe: it owns a dense row buffer and a per-tree mark, both reset after each row, so scoring
 * allocates nothing but the returned probabilities.
 */
public final class CompiledScorer {
  private final TreeForest f;
  private final double[] row;
  /** Which columns the current row sets explicitly (an L1-sized bitset; absent columns take the zero child). */
  private final long[] present;
  private final int[] mark;
  /** Per marked tree: the shallowest zero-path node on an explicit column. */
  private final int[] startNode;
  /** Each tree's value for the current row: its zero-row value, overwritten for walked trees and restored after. */
  private final double[] value;
  /** The trees walked for the current row, in the order they were first reached. */
  private final int[] walked;
  private int epoch;

  public CompiledScorer(TreeForest forest) {
    this.f = forest;
    this.row = new double[forest.numFeatures];
    this.present = new long[(forest.numFeatures + 63) >>> 6];
    this.mark = new int[forest.numTrees];
    this.startNode = new int[forest.numTrees];
    this.value = forest.zeroRowValue.clone();
    this.walked = new int[forest.numTrees];
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
    int walks = 0;
    for (int i = 0; i < n; i++) {
      int c = idx[i];
      if (c < 0 || c >= row.length) {
        continue; // a column the model never saw: LightGBM ignores it too
      }
      row[c] = val[i];
      present[c >>> 6] |= 1L << c;
      int[] zp = f.zeroPath[c];
      for (int j = 0; j < zp.length; j += 2) {
        int t = zp[j];
        int node = zp[j + 1];
        if (mark[t] != e) {
          mark[t] = e;
          walked[walks++] = t;
          startNode[t] = node;
        } else if (node < startNode[t]) {
          startNode[t] = node;
        }
      }
    }
    int k = f.numClass;
    for (int c = 0; c < k; c++) {
      out[c] = 0.0;
    }
    double[] leaves = f.leafValue;
    for (int w = 0; w < walks; w++) {
      int t = walked[w];
      value[t] = leaves[~leafOf(f, startNode[t], row, present)];
    }
    // Model order, class by class, as LightGBM adds them; no branch per tree.
    double[] tv = value;
    for (int base = 0; base < tv.length; base += k) {
      for (int c = 0; c < k; c++) {
        out[c] += tv[base + c];
      }
    }
    double[] zero = f.zeroRowValue;
    for (int w = 0; w < walks; w++) {
      value[walked[w]] = zero[walked[w]];
    }
    for (int i = 0; i < n; i++) {
      int c = idx[i];
      if (c >= 0 && c < row.length) {
        row[c] = 0.0;
        present[c >>> 6] = 0L;
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
   * Walks one tree from {@code node} to its leaf. A column the row does not set takes the node's precomputed
   * zero child without reading the row.
   *
   * @return {@code ~leafIndex}
   */
  static int leafOf(TreeForest f, int node, double[] row, long[] present) {
    int n = node;
    long[] w = f.walk;
    while (n >= 0) {
      int b = n * 3;
      long head = w[b];
      int col = (int) head & 0x1FFFFFFF;
      if ((present[col >>> 6] & (1L << col)) == 0) {
        n = (int) (head >>> 32);
        continue;
      }
      double x = row[col];
      int kind = ((int) head) >>> 29;
      if (kind == 0) {
        long lr = w[b + 1];
        double t = Double.longBitsToDouble(w[b + 2]);
        // NaN fails both comparisons and goes where LightGBM sends it (folded into nanChild at load)
        n = x <= t ? (int) lr : x > t ? (int) (lr >>> 32) : f.nanChild[n];
      } else {
        n = kind == 1 ? zeroMissing(f, n, x) : categorical(f, n, x);
      }
    }
    return n;
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
