package dev.verdict.features;

/**
 * A categorical field crossed with the range a numeric field falls in (e.g. brand × price range), hashed.
 * A missing side leaves the cross empty rather than inventing a value.
 *
 * @param edges ascending range boundaries of the numeric field, on its raw (untransformed) scale
 */
public record CrossSpec(String name, String categorical, String number, double[] edges, int buckets) {

  public CrossSpec {
    if (buckets <= 0) {
      throw new IllegalArgumentException("cross " + name + ": buckets must be > 0");
    }
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException("cross " + name + ": edges must ascend");
      }
    }
    edges = edges.clone();
  }

  public int rangeOf(double value) {
    int r = 0;
    while (r < edges.length && value >= edges[r]) {
      r++;
    }
    return r;
  }
}
