package dev.verdict.fallback;

import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.DoubleVector;
import smile.regression.RandomForest;

/**
 * A regression's fallback: Smile's regression forest over the same feature vectors the primary sees, trained by
 * {@code train} on the same rows. Its one "probability" is the predicted value, as a regression's answer is.
 */
public final class RegressionForestFallback implements FallbackModel {
  public static final String FILE = "regression-forest.ser.gz";
  public static final String KIND = "regression-forest";
  private static final String TARGET = "__target";

  private final RandomForest forest;
  private final int[] columns;
  private final StructType schema;

  private RegressionForestFallback(RandomForest forest, int[] columns) {
    this.forest = forest;
    this.columns = columns;
    this.schema = forest.schema();
  }

  public static RegressionForestFallback train(List<FeatureVector> rows, double[] y, int trees, int mtry,
                                               int maxDepth, int minColumnRows, long seed) {
    int[] columns = RandomForestFallback.activeColumns(rows, minColumnRows);
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = RandomForestFallback.project(rows.get(i), columns);
    }
    String[] names = IntStream.of(columns).mapToObj(c -> "f" + c).toArray(String[]::new);
    DataFrame df = DataFrame.of(x, names).merge(DoubleVector.of(TARGET, y));
    // regression forests default to a third of the columns per split
    int m = mtry > 0 ? Math.min(mtry, columns.length) : Math.max(1, columns.length / 3);
    RandomForest rf = RandomForest.fit(Formula.lhs(TARGET), df, trees, m, maxDepth, 1000, 5, 1.0,
        LongStream.range(0, trees).map(i -> seed * 1_000_003L + i));
    return new RegressionForestFallback(rf, columns);
  }

  public static RegressionForestFallback load(Path dir) throws IOException {
    Object[] o = SmileIO.read(dir.resolve(FILE), int[].class, RandomForest.class);
    return new RegressionForestFallback((RandomForest) o[1], (int[]) o[0]);
  }

  public void save(Path dir) throws IOException {
    SmileIO.write(dir.resolve(FILE), columns, forest);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] predictProba(FeatureVector vector, Map<String, ?> record) {
    return new double[] {forest.predict(Tuple.of(RandomForestFallback.project(vector, columns), schema))};
  }
}
