package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How much of the forest the compiled scorer touches per holdout product: explicit columns; walked, the trees
 * walked, nodes visited and how many of those read a column the row sets; feature-major, the nodes on the row's
 * columns, how many of them the values flip, and the trees resolved. The figures quoted in README ("Scoring: the
 * compiled forest"). Run after {@code bench/jmh.sh} has written the classpath:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.verdict.model.WalkStats}
 */
public final class WalkStats {
  private WalkStats() {
  }

  public static void main(String[] args) throws Exception {
    ModelVersion v = ModelVersion.open(Path.of("models/product-classifier/1"));
    TreeForest f = TreeForest.read(v.dir().resolve(ModelVersion.MODEL_FILE));
    TrainingData d = TrainingData.read(Path.of("data/products.jsonl"), "category");
    long rows = 0;
    long nnz = 0;
    long walked = 0;
    long visits = 0;
    long reads = 0;
    long onSet = 0;
    long flippedNodes = 0;
    long resolved = 0;
    LeafBits b = f.leafBits;
    for (int i : d.indicesOf("holdout")) {
      FeatureVector r = v.pipeline().encode(d.records().get(i));
      double[] dense = r.toDense();
      boolean[] set = new boolean[f.numFeatures];
      int[] start = new int[f.numTrees];
      Arrays.fill(start, Integer.MAX_VALUE);
      for (int c : r.indices()) {
        set[c] = true;
        int[] zp = f.zeroPath[c];
        for (int j = 0; j < zp.length; j += 2) {
          start[zp[j]] = Math.min(start[zp[j]], zp[j + 1]);
        }
      }
      for (int t = 0; t < f.numTrees; t++) {
        if (start[t] == Integer.MAX_VALUE) {
          continue;
        }
        walked++;
        for (int n = start[t]; n >= 0; visits++) {
          if (set[f.feature[n]]) {
            reads++;
            n = CompiledScorer.decide(f, n, dense[f.feature[n]]);
          } else {
            n = f.zeroChild[n];
          }
        }
      }
      // feature-major: nodes on the row's columns, those whose decision the value flips, trees resolved
      java.util.Set<Integer> trees = new java.util.HashSet<>();
      for (int k = 0; k < r.nnz(); k++) {
        int c = r.indices()[k];
        for (int j = b.colStart[c]; j < b.colStart[c + 1]; j++) {
          long m = b.colNode[j];
          int g = (int) (m >>> 32);
          boolean right = CompiledScorer.decide(f, g, r.values()[k]) == f.right[g];
          boolean flip = right != (((m >>> LeafBits.ZERO_RIGHT_BIT) & 1) == 1);
          onSet++;
          flippedNodes += flip ? 1 : 0;
          if (flip && ((m >>> LeafBits.ON_ZERO_PATH_BIT) & 1) == 1) {
            trees.add((int) (m & LeafBits.TREE_MASK));
          }
        }
      }
      resolved += trees.size();
      rows++;
      nnz += r.nnz();
    }
    System.out.printf("%d holdout rows, %d trees: per row %.1f explicit columns, %.1f trees walked, %.1f nodes "
        + "visited, %.1f of them on a column the row sets%n", rows, f.numTrees, nnz / (double) rows,
        walked / (double) rows, visits / (double) rows, reads / (double) rows);
    System.out.printf("feature-major (layout %s): per row %.1f nodes on the row's columns, %.1f of them flipped, "
        + "%.1f trees resolved%n", f.layout(), onSet / (double) rows, flippedNodes / (double) rows,
        resolved / (double) rows);
  }
}
