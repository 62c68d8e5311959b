package dev.verdict.model;

import java.io.IOException;
import java.util.Map;

/** One {@code Tree=} block of a LightGBM text model, checked for what {@link TreeForest} can evaluate exactly. */
final class TreeText {
  final int internal;
  final int[] splitFeature;
  final double[] threshold;
  final int[] decisionType;
  final int[] left;
  final int[] right;
  final double[] leafValue;
  final int[] catBoundaries;
  final int[] catThreshold;
  /** Training rows through each node and leaf (TreeSHAP's cover); null when the model text has none. */
  final double[] internalCount;
  final double[] leafCount;

  TreeText(int index, Map<String, String> t) throws IOException {
    if ("1".equals(t.getOrDefault("is_linear", "0").trim())) {
      throw new IOException("tree " + index + " is a linear tree (linear_tree=true); only constant leaves are "
          + "compiled");
    }
    int leaves = intOf(t, "num_leaves");
    if (leaves < 1) {
      throw new IOException("tree " + index + " has " + leaves + " leaves");
    }
    internal = leaves - 1;
    leafValue = doubles(t, "leaf_value");
    leafCount = t.containsKey("leaf_count") ? doubles(t, "leaf_count") : null;
    internalCount = t.containsKey("internal_count") ? doubles(t, "internal_count") : leaves == 1 ? new double[0] : null;
    if (leafValue.length != leaves) {
      throw new IOException("tree " + index + ": " + leafValue.length + " leaf values for " + leaves + " leaves");
    }
    if (internal == 0) {
      splitFeature = new int[0];
      threshold = new double[0];
      decisionType = new int[0];
      left = new int[0];
      right = new int[0];
      catBoundaries = null;
      catThreshold = null;
      return;
    }
    splitFeature = ints(t, "split_feature");
    threshold = doubles(t, "threshold");
    decisionType = ints(t, "decision_type");
    left = ints(t, "left_child");
    right = ints(t, "right_child");
    for (int[] a : new int[][] {splitFeature, decisionType, left, right}) {
      if (a.length != internal) {
        throw new IOException("tree " + index + ": node arrays do not match num_leaves=" + leaves);
      }
    }
    if (threshold.length != internal) {
      throw new IOException("tree " + index + ": thresholds do not match num_leaves=" + leaves);
    }
    for (int i = 0; i < internal; i++) {
      if (left[i] >= internal || right[i] >= internal || ~left[i] >= leaves || ~right[i] >= leaves) {
        throw new IOException("tree " + index + ": node " + i + " points outside the tree");
      }
      // LightGBM numbers a node after its parent; the evaluator relies on it (lower index = shallower)
      if ((left[i] >= 0 && left[i] <= i) || (right[i] >= 0 && right[i] <= i)) {
        throw new IOException("tree " + index + ": node " + i + " has a child numbered before it");
      }
    }
    if (intOf(t, "num_cat") > 0) {
      catBoundaries = ints(t, "cat_boundaries");
      catThreshold = ints(t, "cat_threshold");
      for (int i = 0; i < internal; i++) {
        if ((decisionType[i] & 1) != 0) {
          int cat = (int) threshold[i];
          if (cat < 0 || cat + 1 >= catBoundaries.length || catBoundaries[cat + 1] > catThreshold.length) {
            throw new IOException("tree " + index + ": categorical node " + i + " has no bitset");
          }
        }
      }
    } else {
      catBoundaries = null;
      catThreshold = null;
      for (int dt : decisionType) {
        if ((dt & 1) != 0) {
          throw new IOException("tree " + index + ": categorical split but num_cat=0");
        }
      }
    }
  }

  static int intOf(Map<String, String> m, String key) throws IOException {
    String v = m.get(key);
    if (v == null) {
      throw new IOException("model.txt: missing " + key);
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IOException("model.txt: " + key + " is not an integer: " + v);
    }
  }

  /** The space-separated values of a required key. */
  private static String[] parts(Map<String, String> m, String key) throws IOException {
    String v = m.get(key);
    if (v == null) {
      throw new IOException("model.txt: missing " + key);
    }
    return v.trim().split(" ");
  }

  static int[] ints(Map<String, String> m, String key) throws IOException {
    String[] parts = parts(m, key);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      // cat_threshold words are uint32; their bit pattern is what matters
      out[i] = (int) Long.parseLong(parts[i]);
    }
    return out;
  }

  static double[] doubles(Map<String, String> m, String key) throws IOException {
    String[] parts = parts(m, key);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parseDouble(parts[i]);
    }
    return out;
  }

  /** {@code Double.parseDouble} is exact for LightGBM's %.17g output; C's inf/nan spellings are accepted too. */
  static double parseDouble(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      case "nan", "-nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}

/** The model-wide lines of a LightGBM text model that prediction depends on. */
final class Header {
  final int numClass;
  final int treesPerIteration;
  final int maxFeatureIdx;
  final TreeForest.Transform transform;
  final double sigmoid;

  Header(Map<String, String> h) throws IOException {
    if (h.containsKey("average_output")) {
      throw new IOException("average_output (random-forest mode) is not compiled");
    }
    if (h.containsKey("linear_tree") || "1".equals(h.get("is_linear"))) {
      throw new IOException("linear trees are not compiled");
    }
    numClass = TreeText.intOf(h, "num_class");
    treesPerIteration = h.containsKey("num_tree_per_iteration")
        ? TreeText.intOf(h, "num_tree_per_iteration") : numClass;
    maxFeatureIdx = TreeText.intOf(h, "max_feature_idx");
    String objective = h.get("objective");
    if (objective == null) {
      throw new IOException("model.txt names no objective");
    }
    String[] parts = objective.trim().split(" ");
    double s = 1.0;
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("sigmoid:")) {
        s = Double.parseDouble(parts[i].substring("sigmoid:".length()));
      } else if (parts[i].equals("sqrt")) {
        throw new IOException("objective " + objective + ": the sqrt transform is not compiled");
      }
    }
    sigmoid = s;
    transform = switch (parts[0]) {
      case "multiclass", "softmax" -> TreeForest.Transform.SOFTMAX;
      case "multiclassova", "multiclass_ova", "ova", "ovr" -> TreeForest.Transform.OVA_SIGMOID;
      case "binary" -> TreeForest.Transform.SIGMOID;
      case "regression", "regression_l2", "l2", "mean_squared_error", "mse", "regression_l1", "l1",
           "mean_absolute_error", "mae", "huber", "fair", "quantile", "mape", "lambdarank", "rank_xendcg" ->
          TreeForest.Transform.IDENTITY;
      case "poisson", "gamma", "tweedie" -> TreeForest.Transform.EXP;
      default -> throw new IOException("objective " + parts[0] + " is not compiled");
    };
  }
}
