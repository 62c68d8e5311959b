package dev.verdict.bench;

import dev.verdict.fallback.Attribution;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What explaining a fallback's answer costs against the fallback's prediction, holdout products cycled:
 * {@code bench/jmh.sh -f 1 -wi 3 -w 2 -i 5 -r 2 FallbackExplain}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Doffline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FallbackExplainBenchmark {
  private FallbackModel forest;
  private FallbackModel bayes;
  private List<FeatureVector> holdout;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ModelVersion product = ModelVersion.open(Path.of("models/product-classifier/1"));
    Map<String, FallbackModel> f = Fallbacks.load(product);
    forest = f.get("random-forest");
    bayes = f.get("naive-bayes");
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    holdout = data.indicesOf("holdout").stream().map(i -> product.pipeline().encode(data.records().get(i))).toList();
  }

  private FeatureVector nextRow() {
    FeatureVector v = holdout.get(next);
    next = next + 1 == holdout.size() ? 0 : next + 1;
    return v;
  }

  @Benchmark
  public double[] forestPredict() {
    return forest.predictProba(nextRow(), Map.of());
  }

  @Benchmark
  public Attribution forestExplain() {
    return forest.attribute(nextRow(), 0);
  }

  @Benchmark
  public double[] naiveBayesPredict() {
    return bayes.predictProba(nextRow(), Map.of());
  }

  @Benchmark
  public Attribution naiveBayesExplain() {
    return bayes.attribute(nextRow(), 0);
  }
}
