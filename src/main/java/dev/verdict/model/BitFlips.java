package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * Resolves a row's trees feature-major over {@link LeafBits}: each explicit column flips the decision bits of
 * the nodes its value decides otherwise than zero does, then only the trees flipped on their zero path are
 * resolved, each once. A repeated column counts once, its last value, as in the walk. Every array is owned by
 * one worker and put back after the row.
 */
final class BitFlips {
  private final TreeForest f;
  private final LeafBits b;
  /** Per tree: its decision word for the current row (the zero row's outside a row). */
  private final long[] word;
  /** Per tree: 1 while it is listed in {@link #flipped} for the current row, so it is listed once, branch-free. */
  private final int[] listed;
  /** The trees to resolve for the current row. */
  private final int[] flipped;
  private int flips;
  /** Per explicit column of the current row, the run of its nodes whose words changed: from, to. */
  private int[] runs = new int[64];
  private int runCount;

  BitFlips(TreeForest forest) {
    this.f = forest;
    this.b = forest.leafBits;
    this.word = b.zeroWord.clone();
    this.listed = new int[forest.numTrees];
    this.flipped = new int[forest.numNodes() + 1];
  }

  /** Writes the leaf value of every tree the row moves off its zero path into {@code value}. */
  void apply(FeatureVector v, double[] value) {
    int[] idx = v.indices();
    double[] val = v.values();
    int n = idx.length;
    if (runs.length < 2 * n) {
      runs = new int[Math.max(2 * n, 2 * runs.length)]; // grows to the widest row seen, then stays
    }
    long[] w = word;
    long[] nodeOf = b.colNode;
    int[] fl = flipped;
    int count = 0;
    for (int i = 0; i < n; i++) {
      int c = idx[i];
      int from = 0;
      int to = 0;
      if (c >= 0 && c < f.numFeatures && (i + 1 == n || idx[i + 1] != c)) {
        double x = val[i];
        if (b.plainColumn[c] && x == x) {
          // Sorted by threshold: x > 0 sends right the nodes in [0, x) that zero sent left, x < 0 the reverse.
          double[] thr = b.colThreshold;
          from = b.firstNonNegative[c];
          to = from;
          if (x > 0.0) {
            for (int end = b.colStart[c + 1]; to < end && thr[to] < x; to++) {
              count = flip(nodeOf[to], 1L, count);
            }
          } else {
            for (int start = b.colStart[c]; from > start && !(thr[from - 1] < x); ) {
              count = flip(nodeOf[--from], 1L, count);
            }
          }
        } else {
          from = b.colStart[c];
          to = b.colStart[c + 1];
          for (int j = from; j < to; j++) {
            long m = nodeOf[j];
            int g = (int) (m >>> 32);
            long goesRight = CompiledScorer.decide(f, g, x) == f.right[g] ? 1L : 0L;
            count = flip(m, goesRight ^ ((m >>> LeafBits.ZERO_RIGHT_BIT) & 1L), count);
          }
        }
      }
      runs[2 * i] = from;
      runs[2 * i + 1] = to;
    }
    flips = count;
    runCount = 2 * n;
    long[] mask = b.leafMask;
    for (int k = 0; k < count; k++) {
      int t = fl[k];
      long alive = -1L;
      int base = b.nodeBase[t];
      for (long r = w[t]; r != 0; r &= r - 1) {
        alive &= mask[base + Long.numberOfTrailingZeros(r)];
      }
      value[t] = b.leafByPosition[b.leafBase[t] + Long.numberOfTrailingZeros(alive)];
    }
  }

  /**
   * Applies one node's {@code flip} (0 or 1) to its tree's word, and lists the tree the first time a node on its
   * zero path flips, branch-free; returns the new length of {@link #flipped}.
   */
  private int flip(long m, long flip, int count) {
    int t = (int) (m & LeafBits.TREE_MASK);
    word[t] ^= flip << (m >>> LeafBits.LOCAL_SHIFT);
    int first = (int) (flip & (m >>> LeafBits.ON_ZERO_PATH_BIT)) & ~listed[t];
    listed[t] |= first;
    flipped[count] = t;
    return count + first;
  }

  /** Puts back the zero-row values and decision words. */
  void undo(double[] value) {
    double[] zero = f.zeroRowValue;
    for (int k = 0; k < flips; k++) {
      int t = flipped[k];
      value[t] = zero[t];
      listed[t] = 0;
    }
    long[] zw = b.zeroWord;
    long[] nodeOf = b.colNode;
    for (int r = 0; r < runCount; r += 2) {
      for (int j = runs[r], end = runs[r + 1]; j < end; j++) {
        int t = (int) (nodeOf[j] & LeafBits.TREE_MASK);
        word[t] = zw[t];
      }
    }
  }
}
