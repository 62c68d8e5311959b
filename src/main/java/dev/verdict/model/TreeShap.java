package dev.verdict.model;

import dev.verdict.features.FeatureVector;

/**
 * Exact TreeSHAP (Lundberg et al., Algorithm 2) over the compiled forest, one class's trees only: a port of
 * LightGBM's {@code Tree::TreeSHAP} with the same path bookkeeping, decisions ({@link CompiledScorer#decide})
 * and tree order, so it reproduces {@code C_API_PREDICT_CONTRIB}. LightGBM computes every class; this computes
 * the class asked for, which for the product model is 1 tree in 17. Not thread-safe: one per worker.
 */
public final class TreeShap {
  private final TreeForest f;
  private final int[] feature;
  private final double[] zero;
  private final double[] one;
  private final double[] weight;

  public TreeShap(TreeForest forest) {
    if (!forest.hasCover()) {
      throw new IllegalArgumentException("model.txt has no internal_count / leaf_count: TreeSHAP needs them");
    }
    this.f = forest;
    int len = forest.maxDepth + 2;
    int size = len * (len + 1) / 2;
    feature = new int[size];
    zero = new double[size];
    one = new double[size];
    weight = new double[size];
  }

  /** Contributions of each column to class {@code cls}'s raw score, the expected value last. */
  public double[] contributions(FeatureVector v, int cls) {
    double[] phi = new double[f.numFeatures + 1];
    for (int t = cls; t < f.numTrees; t += f.numClass) {
      phi[f.numFeatures] += f.expected[t];
      if (f.root[t] >= 0) {
        walk(v, phi, f.root[t], 0, 0, 1, 1, -1);
      }
    }
    return phi;
  }

  private void walk(FeatureVector v, double[] phi, int node, int depth, int parent, double parentZero,
                    double parentOne, int parentFeature) {
    int at = parent + depth;
    System.arraycopy(feature, parent, feature, at, depth);
    System.arraycopy(zero, parent, zero, at, depth);
    System.arraycopy(one, parent, one, at, depth);
    System.arraycopy(weight, parent, weight, at, depth);
    extend(at, depth, parentZero, parentOne, parentFeature);
    if (node < 0) {
      double leaf = f.leafValue[~node];
      for (int i = 1; i <= depth; i++) {
        double w = unwoundSum(at, depth, i);
        phi[feature[at + i]] += w * (one[at + i] - zero[at + i]) * leaf;
      }
      return;
    }
    int split = f.feature[node];
    int hot = CompiledScorer.decide(f, node, v.get(split));
    int cold = hot == f.left[node] ? f.right[node] : f.left[node];
    double w = f.nodeCount[node];
    double hotZero = count(hot) / w;
    double coldZero = count(cold) / w;
    double inZero = 1;
    double inOne = 1;
    int d = depth;
    int p = 0;
    while (p <= d && feature[at + p] != split) {
      p++;
    }
    if (p != d + 1) {
      inZero = zero[at + p];
      inOne = one[at + p];
      unwind(at, d, p);
      d -= 1;
    }
    walk(v, phi, hot, d + 1, at, hotZero * inZero, inOne, split);
    walk(v, phi, cold, d + 1, at, coldZero * inZero, 0, split);
  }

  private double count(int n) {
    return n >= 0 ? f.nodeCount[n] : f.leafCount[~n];
  }

  private void extend(int at, int depth, double zeroFraction, double oneFraction, int featureIndex) {
    feature[at + depth] = featureIndex;
    zero[at + depth] = zeroFraction;
    one[at + depth] = oneFraction;
    weight[at + depth] = depth == 0 ? 1.0 : 0.0;
    for (int i = depth - 1; i >= 0; i--) {
      weight[at + i + 1] += oneFraction * weight[at + i] * (i + 1) / (double) (depth + 1);
      weight[at + i] = zeroFraction * weight[at + i] * (depth - i) / (double) (depth + 1);
    }
  }

  private void unwind(int at, int depth, int index) {
    double oneFraction = one[at + index];
    double zeroFraction = zero[at + index];
    double next = weight[at + depth];
    for (int i = depth - 1; i >= 0; --i) {
      if (oneFraction != 0) {
        double tmp = weight[at + i];
        weight[at + i] = next * (depth + 1) / ((i + 1) * oneFraction);
        next = tmp - weight[at + i] * zeroFraction * (depth - i) / (double) (depth + 1);
      } else {
        weight[at + i] = (weight[at + i] * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (int i = index; i < depth; ++i) {
      feature[at + i] = feature[at + i + 1];
      zero[at + i] = zero[at + i + 1];
      one[at + i] = one[at + i + 1];
    }
  }

  private double unwoundSum(int at, int depth, int index) {
    double oneFraction = one[at + index];
    double zeroFraction = zero[at + index];
    double next = weight[at + depth];
    double total = 0;
    for (int i = depth - 1; i >= 0; --i) {
      if (oneFraction != 0) {
        double tmp = next * (depth + 1) / ((i + 1) * oneFraction);
        total += tmp;
        next = weight[at + i] - tmp * zeroFraction * ((depth - i) / (double) (depth + 1));
      } else if (zeroFraction != 0) {
        total += (weight[at + i] / zeroFraction) / ((depth - i) / (double) (depth + 1));
      }
    }
    return total;
  }
}
