package dev.verdict.drift;

import dev.verdict.features.FeatureVector;
import dev.verdict.model.Probabilities;
import java.util.Arrays;

/**
 * The last {@code capacity} scored records of one model version, as a ring. Hashed-group bucket counts are
 * kept incrementally (added on entry, subtracted on eviction) so an evaluation never rescans the window.
 */
final class DriftWindow {
  private final Baseline baseline;
  private final int capacity;
  private final double[][] numeric;       // [group][slot]
  private final int[][][] buckets;        // [group][slot] -> local bucket indices
  private final double[][][] weights;     // [group][slot] -> their values
  private final double[] confidence;      // NaN when the primary did not score
  private final int[] predicted;          // -1 when the primary did not score
  private final double[][] counts;         // [group][bucket], kept incrementally
  private final int[] emptyCount;
  private int size;
  private int head;

  DriftWindow(Baseline baseline, int capacity) {
    this.baseline = baseline;
    this.capacity = capacity;
    int nh = baseline.hashed().size();
    this.numeric = new double[baseline.numeric().size()][capacity];
    this.buckets = new int[nh][capacity][];
    this.weights = new double[nh][capacity][];
    this.confidence = new double[capacity];
    this.predicted = new int[capacity];
    this.counts = new double[nh][];
    for (int h = 0; h < nh; h++) {
      counts[h] = new double[baseline.hashed().get(h).width()];
    }
    this.emptyCount = new int[nh];
  }

  void add(FeatureVector v, double[] primary) {
    if (size == capacity) {
      evict(head);
    } else {
      size++;
    }
    int slot = head;
    head = (head + 1) % capacity;
    for (int n = 0; n < numeric.length; n++) {
      numeric[n][slot] = v.get(baseline.numeric().get(n).column());
    }
    for (int h = 0; h < buckets.length; h++) {
      Baseline.HashedRef ref = baseline.hashed().get(h);
      int from = lowerBound(v.indices(), ref.start());
      int to = lowerBound(v.indices(), ref.start() + ref.width());
      int[] b = new int[to - from];
      double[] w = new double[to - from];
      for (int i = from; i < to; i++) {
        b[i - from] = v.indices()[i] - ref.start();
        w[i - from] = v.values()[i];
        counts[h][b[i - from]] += w[i - from];
      }
      buckets[h][slot] = b;
      weights[h][slot] = w;
      if (b.length == 0) {
        emptyCount[h]++;
      }
    }
    if (primary != null) {
      int best = Probabilities.argmax(primary);
      confidence[slot] = primary[best];
      predicted[slot] = best;
    } else {
      confidence[slot] = Double.NaN;
      predicted[slot] = -1;
    }
  }

  private void evict(int slot) {
    for (int h = 0; h < buckets.length; h++) {
      int[] b = buckets[h][slot];
      double[] w = weights[h][slot];
      for (int i = 0; i < b.length; i++) {
        counts[h][b[i]] -= w[i];
        if (Math.abs(counts[h][b[i]]) < 1e-9) {
          counts[h][b[i]] = 0.0;
        }
      }
      if (b.length == 0) {
        emptyCount[h]--;
      }
    }
  }

  private static int lowerBound(int[] a, int key) {
    int i = Arrays.binarySearch(a, key);
    return i >= 0 ? i : -i - 1;
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  /** The non-missing values of numeric group {@code n}, and how many were missing. */
  double[] values(int n) {
    return Arrays.stream(numeric[n], 0, size).filter(d -> !Double.isNaN(d)).toArray();
  }

  double[] bucketCounts(int h) {
    return counts[h];
  }

  double emptyRate(int h) {
    return size == 0 ? 0 : (double) emptyCount[h] / size;
  }

  double[] confidences() {
    return Arrays.stream(confidence, 0, size).filter(d -> !Double.isNaN(d)).toArray();
  }

  double[] predictedCounts(int classes) {
    double[] m = new double[classes];
    for (int i = 0; i < size; i++) {
      if (predicted[i] >= 0) {
        m[predicted[i]]++;
      }
    }
    return m;
  }
}
