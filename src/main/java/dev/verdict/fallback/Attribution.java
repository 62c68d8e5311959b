package dev.verdict.fallback;

/**
 * How one model's score for one class splits over the feature columns of one row.
 *
 * @param method  how the split was computed, as said to the user
 * @param scale   what {@code bias} plus the column terms add up to
 * @param columns one term per feature column, the bias last (length = vector size + 1)
 */
public record Attribution(String method, String scale, double[] columns) {
  public double bias() {
    return columns[columns.length - 1];
  }
}
