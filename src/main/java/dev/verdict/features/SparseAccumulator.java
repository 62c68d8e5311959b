package dev.verdict.features;

import java.util.Arrays;

/** Dense scratch row plus the list of touched columns, so draining costs O(nnz log nnz), not O(size). */
final class SparseAccumulator {
  final double[] values;
  final boolean[] touched;
  int[] order = new int[64];
  int n;

  SparseAccumulator(int size) {
    values = new double[size];
    touched = new boolean[size];
  }

  void add(int col, double v) {
    touch(col);
    values[col] += v;
  }

  void set(int col, double v) {
    touch(col);
    values[col] = v;
  }

  private void touch(int col) {
    if (!touched[col]) {
      touched[col] = true;
      if (n == order.length) {
        order = Arrays.copyOf(order, n * 2);
      }
      order[n++] = col;
    }
  }

  FeatureVector drain() {
    int[] idx = Arrays.copyOf(order, n);
    Arrays.sort(idx);
    double[] vals = new double[n];
    for (int i = 0; i < n; i++) {
      vals[i] = values[idx[i]];
      values[idx[i]] = 0.0;
      touched[idx[i]] = false;
    }
    n = 0;
    return new FeatureVector(values.length, idx, vals);
  }
}
