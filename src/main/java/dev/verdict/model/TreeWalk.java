package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * Resolves a row's trees by walking them, for forests whose trees are too wide for {@link LeafBits}. A tree is
 * walked only when one of the row's explicit columns splits a node on its zero path, from the shallowest such
 * node; within the walk an absent column takes the precomputed zero child without reading the row.
 */
final class TreeWalk {
  private final TreeForest f;
  private final double[] row;
  /** Which columns the current row sets explicitly (an L1-sized bitset; absent columns take the zero child). */
  private final long[] present;
  private final int[] mark;
  /** Per marked tree: the shallowest zero-path node on an explicit column. */
  private final int[] startNode;
  /** The trees walked for the current row, in the order they were first reached. */
  private final int[] walked;
  private int walks;
  private int epoch;

  TreeWalk(TreeForest forest) {
    this.f = forest;
    this.row = new double[forest.numFeatures];
    this.present = new long[(forest.numFeatures + 63) >>> 6];
    this.mark = new int[forest.numTrees];
    this.startNode = new int[forest.numTrees];
    this.walked = new int[forest.numTrees];
  }

  /** Writes the leaf value of every tree the row moves off its zero leaf into {@code value}. */
  void apply(FeatureVector v, double[] value) {
    int[] idx = v.indices();
    double[] val = v.values();
    int n = idx.length;
    int e = ++epoch;
    if (e == Integer.MAX_VALUE) {
      java.util.Arrays.fill(mark, 0);
      epoch = e = 1;
    }
    walks = 0;
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
    double[] leaves = f.leafValue;
    for (int w = 0; w < walks; w++) {
      int t = walked[w];
      value[t] = leaves[~leafOf(f, startNode[t], row, present)];
    }
  }

  /** Puts back the zero-row values and clears the row. */
  void undo(FeatureVector v, double[] value) {
    double[] zero = f.zeroRowValue;
    for (int w = 0; w < walks; w++) {
      value[walked[w]] = zero[walked[w]];
    }
    for (int c : v.indices()) {
      if (c >= 0 && c < row.length) {
        row[c] = 0.0;
        present[c >>> 6] = 0L;
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
        n = CompiledScorer.decide(f, n, x);
      }
    }
    return n;
  }
}
