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

  TreeText(int index, Map<String, String> t) throws IOException {
    if ("1".equals(t.getOrDefault("is_linear", "0").trim())) {
      throw new IOException("tree " + index + " is a linear tree (linear_tree=true); only constant leaves are "
          + "compiled");
    }
    int leaves = TreeForest.intOf(t, "num_leaves");
    if (leaves < 1) {
      throw new IOException("tree " + index + " has " + leaves + " leaves");
    }
    internal = leaves - 1;
    leafValue = TreeForest.doubles(t, "leaf_value");
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
    splitFeature = TreeForest.ints(t, "split_feature");
    threshold = TreeForest.doubles(t, "threshold");
    decisionType = TreeForest.ints(t, "decision_type");
    left = TreeForest.ints(t, "left_child");
    right = TreeForest.ints(t, "right_child");
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
    if (TreeForest.intOf(t, "num_cat") > 0) {
      catBoundaries = TreeForest.ints(t, "cat_boundaries");
      catThreshold = TreeForest.ints(t, "cat_threshold");
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
    numClass = TreeForest.intOf(h, "num_class");
    treesPerIteration = h.containsKey("num_tree_per_iteration")
        ? TreeForest.intOf(h, "num_tree_per_iteration") : numClass;
    maxFeatureIdx = TreeForest.intOf(h, "max_feature_idx");
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
