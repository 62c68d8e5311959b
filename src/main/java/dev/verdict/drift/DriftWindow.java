package dev.verdict.drift;

import dev.verdict.bus.Support;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.Probabilities;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The last {@code capacity} scored records of one model version, judged on their distinct inputs. Each record
 * is keyed by a fingerprint of its feature vector; an input repeated in the window counts once in every
 * distribution (a window of 1,000 copies of one product is one observation, not a thousand), and how often
 * it repeats is reported as concentration. Hashed-group bucket counts are kept incrementally (added when an
 * input enters the window, subtracted when its last copy leaves) so an evaluation never rescans the window.
 */
final class DriftWindow {
  /** One distinct input and what it contributed. */
  private static final class Entry {
    int count;
    double[] numeric;
    int[][] buckets;
    double[][] weights;
    double confidence;      // NaN when the primary did not score
    int predicted;          // -1 when the primary did not score
    Support support;        // null without one
  }

  private final Baseline baseline;
  private final int capacity;
  private final long[] ring;
  private final Map<Long, Entry> distinct = new HashMap<>();
  private final double[][] counts;         // [group][bucket] over distinct inputs
  private final int[] emptyCount;          // [group] distinct inputs with nothing in the group
  private int size;
  private int head;

  DriftWindow(Baseline baseline, int capacity) {
    this.baseline = baseline;
    this.capacity = capacity;
    this.ring = new long[capacity];
    int nh = baseline.hashed().size();
    this.counts = new double[nh][];
    for (int h = 0; h < nh; h++) {
      counts[h] = new double[baseline.hashed().get(h).width()];
    }
    this.emptyCount = new int[nh];
  }

  /** A 64-bit fingerprint of the vector's columns and values (splitmix64 steps). */
  static long fingerprint(FeatureVector v) {
    long h = mix(0x9E3779B97F4A7C15L ^ v.size());
    for (int i = 0; i < v.nnz(); i++) {
      h = mix(h ^ v.indices()[i]);
      h = mix(h ^ Double.doubleToLongBits(v.values()[i]));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  void add(FeatureVector v, double[] primary, Support support) {
    if (size == capacity) {
      leave(ring[head]);
    } else {
      size++;
    }
    long key = fingerprint(v);
    ring[head] = key;
    head = (head + 1) % capacity;
    Entry e = distinct.get(key);
    if (e != null) {
      e.count++;
      return;
    }
    e = new Entry();
    e.count = 1;
    e.numeric = new double[baseline.numeric().size()];
    for (int n = 0; n < e.numeric.length; n++) {
      e.numeric[n] = v.get(baseline.numeric().get(n).column());
    }
    int nh = baseline.hashed().size();
    e.buckets = new int[nh][];
    e.weights = new double[nh][];
    for (int h = 0; h < nh; h++) {
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
      e.buckets[h] = b;
      e.weights[h] = w;
      if (b.length == 0) {
        emptyCount[h]++;
      }
    }
    if (primary != null) {
      e.predicted = Probabilities.argmax(primary);
      e.confidence = primary[e.predicted];
    } else {
      e.predicted = -1;
      e.confidence = Double.NaN;
    }
    e.support = support;
    distinct.put(key, e);
  }

  /** One copy of an input leaves; its contributions go with its last copy. */
  private void leave(long key) {
    Entry e = distinct.get(key);
    if (e == null || --e.count > 0) {
      return;
    }
    distinct.remove(key);
    for (int h = 0; h < e.buckets.length; h++) {
      int[] b = e.buckets[h];
      double[] w = e.weights[h];
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

  /** Records in the window, repeats included. */
  int size() {
    return size;
  }

  /** Distinct inputs in the window: the sample size of every distribution test. */
  int distinct() {
    return distinct.size();
  }

  /** The share of the window's records taken by its most repeated input. */
  double topShare() {
    int max = 0;
    for (Entry e : distinct.values()) {
      max = Math.max(max, e.count);
    }
    return size == 0 ? 0 : (double) max / size;
  }

  /** Kish's effective sample size of the records: (Σ count)² / Σ count²; equals size when nothing repeats. */
  double effectiveSampleSize() {
    double sq = 0;
    for (Entry e : distinct.values()) {
      sq += (double) e.count * e.count;
    }
    return sq == 0 ? 0 : (double) size * size / sq;
  }

  /** The non-missing values of numeric group {@code n} over distinct inputs. */
  double[] values(int n) {
    return distinct.values().stream().mapToDouble(e -> e.numeric[n]).filter(d -> !Double.isNaN(d)).toArray();
  }

  double[] bucketCounts(int h) {
    return counts[h];
  }

  double emptyRate(int h) {
    return distinct.isEmpty() ? 0 : (double) emptyCount[h] / distinct.size();
  }

  double[] confidences() {
    return distinct.values().stream().mapToDouble(e -> e.confidence).filter(d -> !Double.isNaN(d)).toArray();
  }

  double[] predictedCounts(int classes) {
    double[] m = new double[classes];
    for (Entry e : distinct.values()) {
      if (e.predicted >= 0) {
        m[e.predicted]++;
      }
    }
    return m;
  }

  /** Per condition, the share of distinct inputs in it; {@code ""} holds the share out of support at all. */
  Map<String, Double> supportShares() {
    Map<String, Double> out = new java.util.TreeMap<>();
    int judged = 0;
    int outside = 0;
    for (Entry e : distinct.values()) {
      if (e.support == null) {
        continue;
      }
      judged++;
      if (!e.support.inSupport()) {
        outside++;
      }
      for (String c : e.support.conditions()) {
        out.merge(c, 1.0, Double::sum);
      }
    }
    if (judged == 0) {
      return out;
    }
    final int n = judged;
    out.replaceAll((k, v) -> v / n);
    SupportProfile.CONDITIONS.forEach(c -> out.putIfAbsent(c, 0.0));
    out.put("", (double) outside / judged);
    return out;
  }
}
