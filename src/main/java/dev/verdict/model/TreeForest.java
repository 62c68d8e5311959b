package dev.verdict.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LightGBM text model ({@code model.txt}) as flat arrays, shared read-only by every worker's
 * {@link CompiledScorer}. All trees' nodes live in one array set, so a traversal is index arithmetic on
 * primitive arrays. A child {@code >= 0} is a global node index, {@code < 0} is {@code ~globalLeafIndex}.
 *
 * <p>Only what LightGBM's own prediction reads is kept. Anything this evaluator cannot reproduce exactly
 * (linear trees, averaged output, an objective whose transform is not listed here) is refused at parse time
 * with a reason, and the version then serves through the booster.
 */
public final class TreeForest {
  /** LightGBM's kZeroThreshold: the float literal 1e-35f, widened to double. */
  static final double ZERO_THRESHOLD = (double) 1e-35f;

  /** Output transform of the raw scores, as LightGBM's objective {@code ConvertOutput} does it. */
  public enum Transform { SOFTMAX, SIGMOID, OVA_SIGMOID, IDENTITY, EXP }

  final int numClass;
  final int numFeatures;
  final int numTrees;
  final Transform transform;
  final double sigmoid;
  /** Per tree: its root (a node index, or {@code ~leaf} for a one-leaf tree). */
  final int[] root;
  /** Per tree: the leaf value a row with no explicit entries reaches. */
  final double[] zeroRowValue;
  final int[] feature;
  final double[] threshold;
  final int[] left;
  final int[] right;
  /** Numerical nodes: where NaN goes (LightGBM's rules folded in at load). */
  final int[] nanChild;
  /** 0 numerical (missing none / NaN), 1 numerical with missing type zero, 2 categorical. */
  final byte[] kind;
  /** Default direction (missing type zero). */
  final boolean[] defaultLeft;
  /** Categorical nodes: offset and word count of their bitset in {@link #catBits}. */
  final int[] catStart;
  final int[] catWords;
  final int[] catBits;
  final double[] leafValue;
  /** TreeSHAP's cover: training rows through each node and leaf; null when a tree lacks the counts. */
  final double[] nodeCount;
  final double[] leafCount;
  /** Per tree: its expected value (leaves weighted by cover) and its depth, for TreeSHAP. */
  final double[] expected;
  final int maxDepth;
  /** Per node: the child an absent (zero) column takes, decided at load. */
  final int[] zeroChild;
  /**
   * The same node at {@code 3n} as three longs, one array for the whole walk: feature (low 29 bits) and kind
   * (bits 29-30) | zero child &lt;&lt; 32; left | right &lt;&lt; 32; the threshold's bits.
   */
  final long[] walk;
  /** Per feature: the trees that split on it, ascending; empty for features no tree reads. */
  final int[][] treesOfFeature;
  /**
   * Per feature: the nodes on a tree's zero path (the path an all-zero row takes) that split on it, as
   * {@code tree, node} pairs. A row whose explicit columns lie on no tree's zero path leaves that tree at its zero
   * leaf, whatever its other splits; otherwise the walk can start at the shallowest such node, which is the one
   * with the lowest index (LightGBM numbers a node after its parent, checked at parse).
   */
  final int[][] zeroPath;
  /** The feature-major layout, or null when a tree is too wide for it (then trees are walked). */
  final LeafBits leafBits;

  private TreeForest(Header h, List<Map<String, String>> trees) throws IOException {
    this.numClass = h.numClass;
    this.numFeatures = h.maxFeatureIdx + 1;
    this.numTrees = trees.size();
    this.transform = h.transform;
    this.sigmoid = h.sigmoid;
    if (numTrees % h.treesPerIteration != 0 || h.treesPerIteration != numClass) {
      throw new IOException(numTrees + " trees for " + h.treesPerIteration + " trees per iteration and "
          + numClass + " classes");
    }
    List<TreeText> parsed = new ArrayList<>(numTrees);
    int nodes = 0;
    int leaves = 0;
    int bits = 0;
    for (int t = 0; t < numTrees; t++) {
      TreeText tt = new TreeText(t, trees.get(t));
      parsed.add(tt);
      nodes += tt.internal;
      leaves += tt.leafValue.length;
      bits += tt.catThreshold == null ? 0 : tt.catThreshold.length;
    }
    root = new int[numTrees];
    zeroRowValue = new double[numTrees];
    feature = new int[nodes];
    threshold = new double[nodes];
    left = new int[nodes];
    right = new int[nodes];
    nanChild = new int[nodes];
    kind = new byte[nodes];
    defaultLeft = new boolean[nodes];
    catStart = new int[nodes];
    catWords = new int[nodes];
    catBits = new int[bits];
    leafValue = new double[leaves];
    boolean counted = parsed.stream().allMatch(tt -> tt.leafCount != null && tt.internalCount != null
        && tt.leafCount.length == tt.leafValue.length && tt.internalCount.length == tt.internal);
    nodeCount = counted ? new double[nodes] : null;
    leafCount = counted ? new double[leaves] : null;
    expected = new double[numTrees];
    List<List<Integer>> byFeature = new ArrayList<>();
    for (int f = 0; f < numFeatures; f++) {
      byFeature.add(new ArrayList<>());
    }
    int nodeAt = 0;
    int leafAt = 0;
    int bitAt = 0;
    for (int t = 0; t < numTrees; t++) {
      TreeText tt = parsed.get(t);
      System.arraycopy(tt.leafValue, 0, leafValue, leafAt, tt.leafValue.length);
      if (counted) {
        System.arraycopy(tt.leafCount, 0, leafCount, leafAt, tt.leafCount.length);
        System.arraycopy(tt.internalCount, 0, nodeCount, nodeAt, tt.internalCount.length);
        double e = 0;
        for (int l = 0; l < tt.leafValue.length; l++) {
          e += tt.internal == 0 ? tt.leafValue[l] : tt.leafCount[l] / tt.internalCount[0] * tt.leafValue[l];
        }
        expected[t] = e;
      }
      root[t] = tt.internal == 0 ? ~leafAt : nodeAt;
      for (int i = 0; i < tt.internal; i++) {
        int g = nodeAt + i;
        int f = tt.splitFeature[i];
        if (f < 0 || f >= numFeatures) {
          throw new IOException("tree " + t + " splits on feature " + f + " of " + numFeatures);
        }
        if (byFeature.get(f).isEmpty() || byFeature.get(f).get(byFeature.get(f).size() - 1) != t) {
          byFeature.get(f).add(t);
        }
        feature[g] = f;
        threshold[g] = tt.threshold[i];
        left[g] = tt.left[i] >= 0 ? nodeAt + tt.left[i] : ~(leafAt + ~tt.left[i]);
        right[g] = tt.right[i] >= 0 ? nodeAt + tt.right[i] : ~(leafAt + ~tt.right[i]);
        int dt = tt.decisionType[i];
        defaultLeft[g] = (dt & 2) != 0;
        int missing = (dt >> 2) & 3;
        if ((dt & 1) != 0) {
          kind[g] = 2;
          int cat = (int) tt.threshold[i];
          catStart[g] = bitAt + tt.catBoundaries[cat];
          catWords[g] = tt.catBoundaries[cat + 1] - tt.catBoundaries[cat];
        } else {
          kind[g] = (byte) (missing == 1 ? 1 : 0);
          // Missing type NaN: NaN takes the default direction. Zero: NaN reads as 0.0, which is "missing" too.
          // None: NaN reads as 0.0 and is compared like any value.
          nanChild[g] = missing != 0 ? (defaultLeft[g] ? left[g] : right[g]) : 0.0 <= threshold[g] ? left[g] : right[g];
        }
      }
      if (tt.catThreshold != null) {
        System.arraycopy(tt.catThreshold, 0, catBits, bitAt, tt.catThreshold.length);
        bitAt += tt.catThreshold.length;
      }
      nodeAt += tt.internal;
      leafAt += tt.leafValue.length;
    }
    int deepest = 0;
    for (int t = 0; t < numTrees; t++) {
      deepest = Math.max(deepest, depth(root[t]));
    }
    maxDepth = deepest;
    treesOfFeature = new int[numFeatures][];
    for (int f = 0; f < numFeatures; f++) {
      treesOfFeature[f] = byFeature.get(f).stream().mapToInt(Integer::intValue).toArray();
    }
    zeroChild = new int[nodes];
    for (int g = 0; g < nodes; g++) {
      zeroChild[g] = CompiledScorer.decide(this, g, 0.0);
    }
    if (numFeatures >= (1 << 29)) {
      throw new IOException(numFeatures + " features: more than the compiled layout holds");
    }
    walk = new long[nodes * 3];
    for (int g = 0; g < nodes; g++) {
      walk[3 * g] = (feature[g] | ((long) kind[g] << 29)) | ((long) zeroChild[g] << 32);
      walk[3 * g + 1] = (left[g] & 0xFFFFFFFFL) | ((long) right[g] << 32);
      walk[3 * g + 2] = Double.doubleToRawLongBits(threshold[g]);
    }
    // Per feature, tree and node pairs in one flat list as they are found along each tree's zero path.
    List<List<Integer>> onPath = new ArrayList<>();
    for (int c = 0; c < numFeatures; c++) {
      onPath.add(new ArrayList<>());
    }
    for (int t = 0; t < numTrees; t++) {
      int n = root[t];
      while (n >= 0) {
        onPath.get(feature[n]).add(t);
        onPath.get(feature[n]).add(n);
        n = zeroChild[n];
      }
      zeroRowValue[t] = leafValue[~n];
    }
    zeroPath = new int[numFeatures][];
    for (int c = 0; c < numFeatures; c++) {
      zeroPath[c] = onPath.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
    leafBits = LeafBits.of(this);
  }

  private int depth(int n) {
    return n < 0 ? 0 : 1 + Math.max(depth(left[n]), depth(right[n]));
  }

  /** Whether the model text carries the node and leaf counts TreeSHAP needs. */
  public boolean hasCover() {
    return nodeCount != null;
  }

  public static TreeForest read(Path modelTxt) throws IOException {
    return parse(Files.readAllLines(modelTxt));
  }

  /** Parses LightGBM's text format (v3 and v4 writers). */
  public static TreeForest parse(List<String> lines) throws IOException {
    Map<String, String> header = new HashMap<>();
    List<Map<String, String>> trees = new ArrayList<>();
    Map<String, String> current = header;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("Tree=")) {
        current = new HashMap<>();
        trees.add(current);
      } else if (line.equals("end of trees")) {
        break;
      } else if (!line.isEmpty()) {
        int eq = line.indexOf('=');
        current.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
      }
    }
    if (trees.isEmpty()) {
      throw new IOException("model.txt holds no trees");
    }
    return new TreeForest(new Header(header), trees);
  }

  public int numClass() {
    return numClass;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public int numTrees() {
    return numTrees;
  }

  public int numNodes() {
    return feature.length;
  }

  /** How the compiled scorer resolves trees: {@code bits} (feature-major, trees of at most 64 leaves) or {@code walk}. */
  public String layout() {
    return leafBits != null ? "bits" : "walk";
  }

  public Transform transform() {
    return transform;
  }
}
