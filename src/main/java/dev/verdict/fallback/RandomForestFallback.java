package dev.verdict.fallback;

import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.SplitRule;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;

/**
 * Smile random forest over the same feature vectors the primary model sees: the default fallback.
 * It keeps only the columns active in at least {@code minColumnRows} training rows: a tree cannot split on a
 * column seen once, and the forest (and its file) would otherwise carry every empty hashed bucket.
 */
public final class RandomForestFallback implements FallbackModel {
  public static final String FILE = "random-forest.ser.gz";
  private static final String LABEL = "__label";
  /** Smile's trees have no notion of missing; every feature is >= 0, so -1 puts "missing" on one side. */
  private static final double MISSING = -1.0;

  private final RandomForest forest;
  private final int[] columns;
  private final StructType schema;
  private final int numClass;

  private RandomForestFallback(RandomForest forest, int[] columns, int numClass) {
    this.forest = forest;
    this.columns = columns;
    this.schema = forest.schema();
    this.numClass = numClass;
  }

  public static RandomForestFallback train(List<FeatureVector> rows, int[] y, int numClass, int trees, int mtry,
                                           int maxDepth, int minColumnRows, long seed) {
    int[] columns = activeColumns(rows, minColumnRows);
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = project(rows.get(i), columns);
    }
    String[] names = IntStream.of(columns).mapToObj(c -> "f" + c).toArray(String[]::new);
    DataFrame df = DataFrame.of(x, names).merge(IntVector.of(LABEL, y));
    int m = mtry > 0 ? Math.min(mtry, columns.length) : Math.max(1, (int) Math.sqrt(columns.length));
    RandomForest rf = RandomForest.fit(Formula.lhs(LABEL), df, trees, m, SplitRule.GINI, maxDepth, 1000, 1, 1.0,
        null, LongStream.range(0, trees).map(i -> seed * 1_000_003L + i));
    return new RandomForestFallback(rf, columns, numClass);
  }

  /** The columns set in at least {@code minRows} rows: the only ones a tree could split on. */
  static int[] activeColumns(List<FeatureVector> rows, int minRows) {
    int[] active = new int[rows.get(0).size()];
    for (FeatureVector v : rows) {
      for (int c : v.indices()) {
        active[c]++;
      }
    }
    return IntStream.range(0, active.length).filter(c -> active[c] >= minRows).toArray();
  }

  public static RandomForestFallback load(Path dir, int numClass) throws IOException {
    Object[] o = SmileIO.read(dir.resolve(FILE), int[].class, RandomForest.class);
    return new RandomForestFallback((RandomForest) o[1], (int[]) o[0], numClass);
  }

  public void save(Path dir) throws IOException {
    SmileIO.write(dir.resolve(FILE), columns, forest);
  }

  public int columns() {
    return columns.length;
  }

  @Override
  public String kind() {
    return "random-forest";
  }

  @Override
  public double[] predictProba(FeatureVector vector, Map<String, ?> record) {
    double[] post = new double[numClass];
    forest.predict(Tuple.of(project(vector, columns), schema), post);
    return post;
  }

  /**
   * Path attribution (Saabas; treeinterpreter's method): along each tree's path, the change in the class's
   * smoothed leaf probability at a split is credited to the split's column, weighted as Smile weights the
   * tree's vote. Bias (the trees' root probabilities) plus the terms is exactly the forest's probability.
   * Columns the row lacks are credited too: a missing word can decide a split.
   */
  @Override
  public Attribution attribute(FeatureVector vector, int cls) {
    double[] out = new double[vector.size() + 1];
    Tuple x = forest.formula().x(Tuple.of(project(vector, columns), schema));
    double total = 0;
    for (RandomForest.Model m : forest.models()) {
      total += m.weight;
    }
    for (RandomForest.Model m : forest.models()) {
      double w = m.weight / total;
      List<Node> path = new ArrayList<>();
      Node n = m.tree.root();
      while (n instanceof InternalNode in) {
        path.add(in);
        n = in.branch(x) ? in.trueChild() : in.falseChild();
      }
      int[] counts = ((DecisionNode) n).count().clone();
      double below = probability(counts, cls);
      for (int i = path.size() - 1; i >= 0; i--) {
        InternalNode in = (InternalNode) path.get(i);
        Node child = i + 1 < path.size() ? path.get(i + 1) : n;
        addCounts(in.trueChild() == child ? in.falseChild() : in.trueChild(), counts);
        double here = probability(counts, cls);
        out[columns[in.feature()]] += w * (below - here);
        below = here;
      }
      out[vector.size()] += w * below;
    }
    return new Attribution("random forest path attribution (Saabas)", "probability: bias + contributions is the"
        + " answer's probability of the class", out);
  }

  /** Smile's leaf posterior, {@code (n_k + 1) / (n + K)}, at any node from its training counts. */
  private static double probability(int[] counts, int cls) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return (counts[cls] + 1.0) / (n + counts.length);
  }

  private static void addCounts(Node n, int[] into) {
    if (n instanceof DecisionNode d) {
      int[] c = d.count();
      for (int k = 0; k < into.length; k++) {
        into[k] += c[k];
      }
    } else {
      InternalNode in = (InternalNode) n;
      addCounts(in.trueChild(), into);
      addCounts(in.falseChild(), into);
    }
  }

  /** The vector restricted to {@code columns}, missing numbers as {@link #MISSING}. */
  static double[] project(FeatureVector v, int[] columns) {
    double[] d = new double[columns.length];
    int j = 0;
    for (int i = 0; i < v.nnz(); i++) {
      int c = v.indices()[i];
      while (j < columns.length && columns[j] < c) {
        j++;
      }
      if (j < columns.length && columns[j] == c) {
        d[j] = Double.isNaN(v.values()[i]) ? MISSING : v.values()[i];
      }
    }
    return d;
  }
}
