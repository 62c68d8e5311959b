package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded random sparse rows aimed at a forest's decision boundaries: values on, just above and just below
 * split thresholds, signed zeros, values inside and outside LightGBM's zero band, NaN, infinities, negatives,
 * huge numbers and small integers (categories). Most entries hit columns some tree splits on, the rest any
 * column, so both walked and skipped trees are exercised.
 */
public final class FuzzRows {
  private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, TreeForest.ZERO_THRESHOLD, -TreeForest.ZERO_THRESHOLD, 1e-36, -1e-36, 1e-35, -1e-35,
      1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.5, 2.5e9, -2.5e9, 31, 32, 33};

  private FuzzRows() {
  }

  public static List<FeatureVector> generate(TreeForest f, int numFeatures, int count, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] used = usedFeatures(f);
    List<FeatureVector> rows = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      int nnz = r % 50 == 0 ? 0 : 1 + rnd.nextInt(Math.min(48, numFeatures));
      TreeMap<Integer, Double> entries = new TreeMap<>();
      for (int i = 0; i < nnz; i++) {
        int col = used.length > 0 && rnd.nextInt(10) < 8 ? used[rnd.nextInt(used.length)] : rnd.nextInt(numFeatures);
        entries.put(col, value(f, col, rnd));
      }
      int[] idx = new int[entries.size()];
      double[] val = new double[entries.size()];
      int at = 0;
      for (var e : entries.entrySet()) {
        idx[at] = e.getKey();
        val[at++] = e.getValue();
      }
      rows.add(new FeatureVector(numFeatures, idx, val));
    }
    return rows;
  }

  private static double value(TreeForest f, int col, SplittableRandom rnd) {
    int pick = rnd.nextInt(10);
    if (pick < 5 && col < f.numFeatures && f.treesOfFeature[col].length > 0) {
      double t = thresholdOn(f, col, rnd);
      return switch (rnd.nextInt(4)) {
        case 0 -> t;
        case 1 -> Math.nextUp(t);
        case 2 -> Math.nextDown(t);
        default -> t + (rnd.nextDouble() - 0.5) * Math.max(1e-9, Math.abs(t));
      };
    }
    if (pick < 8) {
      return SPECIAL[rnd.nextInt(SPECIAL.length)];
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> rnd.nextInt(70);
      case 1 -> -rnd.nextDouble() * 1000;
      default -> rnd.nextDouble() * 1e6;
    };
  }

  private static double thresholdOn(TreeForest f, int col, SplittableRandom rnd) {
    int[] trees = f.treesOfFeature[col];
    int tree = trees[rnd.nextInt(trees.length)];
    int start = f.root[tree];
    int end = tree + 1 < f.numTrees ? firstNodeAfter(f, tree) : f.feature.length;
    for (int n = start; n >= 0 && n < end; n++) {
      if (f.feature[n] == col && f.kind[n] != 2) {
        return f.threshold[n];
      }
    }
    return rnd.nextInt(40); // a categorical split on this column: a category
  }

  private static int firstNodeAfter(TreeForest f, int tree) {
    for (int t = tree + 1; t < f.numTrees; t++) {
      if (f.root[t] >= 0) {
        return f.root[t];
      }
    }
    return f.feature.length;
  }

  private static int[] usedFeatures(TreeForest f) {
    int n = 0;
    for (int[] t : f.treesOfFeature) {
      n += t.length > 0 ? 1 : 0;
    }
    int[] out = new int[n];
    int at = 0;
    for (int c = 0; c < f.treesOfFeature.length; c++) {
      if (f.treesOfFeature[c].length > 0) {
        out[at++] = c;
      }
    }
    return out;
  }
}
