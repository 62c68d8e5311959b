package dev.verdict.model;

/**
 * A forest of trees with at most 64 leaves laid out for feature-major scoring, after QuickScorer (Lucchese et
 * al., SIGIR 2015). Each tree's node decisions are one bit word (bit n set: local node n goes right), which
 * starts as the all-zero row's word. A row changes only the bits of nodes on its explicit columns, found in one
 * contiguous run per column, so the scorer reads memory in order instead of chasing child pointers. A tree's
 * leaf follows from its word without a walk: every right-going node rules out the leaves of its left subtree
 * ({@link #leafMask}), and the leftmost leaf (in-order) that survives is the one a walk reaches.
 *
 * <p>Only a tree whose decision flips on its zero path can leave its zero leaf, so only those trees are
 * resolved. {@link #of} returns null when a tree has more than 64 leaves; those forests are walked instead.
 */
final class LeafBits {
  static final int TREE_BITS = 21;
  static final long TREE_MASK = (1L << TREE_BITS) - 1;
  static final int LOCAL_SHIFT = 21;
  static final int ZERO_RIGHT_BIT = 27;
  static final int ON_ZERO_PATH_BIT = 28;

  /** Per feature: its nodes are {@code [colStart[c], colStart[c + 1])} of {@link #colNode} and {@link #colThreshold}. */
  final int[] colStart;
  /**
   * Per node, grouped by feature: tree (bits 0-20) | local node index (21-26) | goes right for a zero row (27) |
   * lies on the tree's zero path (28) | global node index (32-63).
   */
  final long[] colNode;
  final double[] colThreshold;
  /**
   * Per feature: every node on it is numerical with missing type none or NaN, so a value other than NaN goes
   * right exactly where {@code x > threshold}. Such a column's nodes are sorted by threshold, and a value {@code x}
   * flips exactly the nodes with a threshold between 0 and {@code x}: a run next to {@link #firstNonNegative}.
   */
  final boolean[] plainColumn;
  /** Per plain feature: its first node (sorted) whose threshold is not below 0, i.e. that a zero row sends left. */
  final int[] firstNonNegative;
  /** Per tree: the decision word of the all-zero row. */
  final long[] zeroWord;
  /** Per tree: its first global node and its number of internal nodes. */
  final int[] nodeBase;
  final int[] internal;
  /** Per global node: every leaf (by in-order position) except those of its left subtree. */
  final long[] leafMask;
  /** Per tree: its leaf values by in-order position, from {@code leafBase[t]}. */
  final int[] leafBase;
  final double[] leafByPosition;

  private LeafBits(TreeForest f, int[] nodeBase, int[] internal) {
    int trees = f.numTrees;
    int nodes = f.numNodes();
    this.nodeBase = nodeBase;
    this.internal = internal;
    zeroWord = new long[trees];
    leafMask = new long[nodes];
    leafBase = new int[trees];
    leafByPosition = new double[f.leafValue.length];
    boolean[] onZeroPath = new boolean[nodes];
    int[] treeOf = new int[nodes];
    int leafAt = 0;
    for (int t = 0; t < trees; t++) {
      leafBase[t] = leafAt;
      leafAt = inOrder(f, f.root[t], leafAt, leafAt);
      for (int n = f.root[t]; n >= 0; n = f.zeroChild[n]) {
        onZeroPath[n] = true;
      }
      for (int i = 0; i < internal[t]; i++) {
        int g = nodeBase[t] + i;
        treeOf[g] = t;
        zeroWord[t] |= (f.zeroChild[g] == f.right[g] ? 1L : 0L) << i;
      }
    }
    colStart = new int[f.numFeatures + 1];
    for (int g = 0; g < nodes; g++) {
      colStart[f.feature[g] + 1]++;
    }
    for (int c = 0; c < f.numFeatures; c++) {
      colStart[c + 1] += colStart[c];
    }
    colNode = new long[nodes];
    colThreshold = new double[nodes];
    plainColumn = new boolean[f.numFeatures];
    java.util.Arrays.fill(plainColumn, true);
    Integer[] order = new Integer[nodes];
    int[] at = colStart.clone();
    for (int t = 0; t < trees; t++) {
      for (int i = 0; i < internal[t]; i++) {
        int g = nodeBase[t] + i;
        order[at[f.feature[g]]++] = g;
        plainColumn[f.feature[g]] &= f.kind[g] == 0;
      }
    }
    firstNonNegative = new int[f.numFeatures];
    for (int c = 0; c < f.numFeatures; c++) {
      int from = colStart[c];
      int to = colStart[c + 1];
      if (plainColumn[c]) {
        java.util.Arrays.sort(order, from, to, java.util.Comparator.comparingDouble(g -> f.threshold[g]));
      }
      int p = to;
      for (int j = to - 1; j >= from; j--) {
        int g = order[j];
        int t = treeOf[g];
        int i = g - nodeBase[t];
        colNode[j] = t | ((long) i << LOCAL_SHIFT) | ((zeroWord[t] >>> i & 1L) << ZERO_RIGHT_BIT)
            | ((onZeroPath[g] ? 1L : 0L) << ON_ZERO_PATH_BIT) | ((long) g << 32);
        colThreshold[j] = f.threshold[g];
        p = f.threshold[g] < 0.0 ? p : j;
      }
      firstNonNegative[c] = p;
    }
  }

  /** The layout, or null when a tree has more than 64 leaves or the model has more trees than the word holds. */
  static LeafBits of(TreeForest f) {
    int trees = f.numTrees;
    if (trees > TREE_MASK) {
      return null;
    }
    int[] nodeBase = new int[trees];
    int[] internal = new int[trees];
    int next = 0;
    for (int t = 0; t < trees; t++) {
      nodeBase[t] = next;
      internal[t] = f.root[t] < 0 ? 0 : subtreeSize(f, f.root[t]);
      if (internal[t] > 63 || (internal[t] > 0 && f.root[t] != next)) {
        return null; // a tree's nodes must be one run of at most 63, numbered from its root
      }
      next += internal[t];
    }
    for (int g = 0; g < f.numNodes(); g++) {
      if (Double.isNaN(f.threshold[g]) && f.kind[g] != 2) {
        return null; // compares differently from x > threshold; the walk keeps LightGBM's rule
      }
    }
    return new LeafBits(f, nodeBase, internal);
  }

  private static int subtreeSize(TreeForest f, int n) {
    return n < 0 ? 0 : 1 + subtreeSize(f, f.left[n]) + subtreeSize(f, f.right[n]);
  }

  /** Numbers the leaves under {@code n} left to right from {@code pos}, and sets each node's mask; returns the next position. */
  private int inOrder(TreeForest f, int n, int pos, int base) {
    if (n < 0) {
      leafByPosition[pos] = f.leafValue[~n];
      return pos + 1;
    }
    int mid = inOrder(f, f.left[n], pos, base);
    leafMask[n] = ~(((1L << (mid - pos)) - 1) << (pos - base));
    return inOrder(f, f.right[n], mid, base);
  }
}
