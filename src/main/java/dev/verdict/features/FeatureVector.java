package dev.verdict.features;

import java.util.Arrays;

/**
 * A sparse feature row in CSR form: ascending column indices and their values. Absent columns are 0;
 * missing numeric inputs are stored explicitly as NaN so LightGBM sees them as missing, not as zero.
 */
public record FeatureVector(int size, int[] indices, double[] values) {

  public int nnz() {
    return indices.length;
  }

  public double[] toDense() {
    double[] dense = new double[size];
    for (int i = 0; i < indices.length; i++) {
      dense[indices[i]] = values[i];
    }
    return dense;
  }

  public double get(int column) {
    int at = Arrays.binarySearch(indices, column);
    return at >= 0 ? values[at] : 0.0;
  }
}
