package dev.verdict.bench;

import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ScorerPlan;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of what a worker does per request, on the shipped models: the feature pipeline, and scoring
 * through the compiled forest (what the server uses once it is proven at load) side by side with the
 * DJL-loaded booster's single-row fast path and its 100-row batch call. Run: {@code bench/jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Doffline=true"})
public class ScoringBenchmark {
  private ModelVersion product;
  private ModelVersion penguins;
  /** As the server opens it: validated by the registry, so it scores through the compiled forest. */
  private LightGbmScorer productScorer;
  private LightGbmScorer penguinScorer;
  /** The DJL-loaded booster alone (its CSR single-row fast path and its batch call). */
  private LightGbmScorer productBooster;
  private LightGbmScorer penguinBooster;
  private List<FeatureVector> holdoutVectors;
  private List<FeatureVector> batchVectors;
  private Map<String, Object> iphone;
  private FeatureVector iphoneVector;
  private List<Map<String, Object>> batch;
  /** All holdout products: the traffic bench/run.sh and bench/compare.sh send, cycled the same way. */
  private List<Map<String, Object>> holdout;
  private int next;
  private FeatureVector penguin;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    product = ModelRegistry.validate("product-classifier", "1", Path.of("models/product-classifier/1"), false,
        ScorerPlan.Mode.COMPILED);
    penguins = ModelRegistry.validate("penguins", "1", Path.of("models/penguins/1"), false, ScorerPlan.Mode.COMPILED);
    productScorer = product.openScorer();
    penguinScorer = penguins.openScorer();
    productBooster = product.openBooster();
    penguinBooster = penguins.openBooster();
    iphone = new HashMap<>(Map.of("title", "Apple iPhone 15 Pro Max", "seller_id", "seller_123", "brand", "Apple",
        "subcategory", "Smartphones", "price", 1299.99, "rating", 4.8, "reviews_count", 15234));
    iphoneVector = product.pipeline().encode(iphone);
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    holdout = new ArrayList<>();
    for (int i : data.indicesOf("holdout")) {
      holdout.add(data.records().get(i));
    }
    batch = holdout.subList(0, 100);
    holdoutVectors = holdout.stream().map(product.pipeline()::encode).toList();
    batchVectors = holdoutVectors.subList(0, 100);
    penguin = penguins.pipeline().encodePositional(List.of(47.5, 15.0, 218, 4950));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    productScorer.close();
    penguinScorer.close();
    productBooster.close();
    penguinBooster.close();
  }

  private FeatureVector nextHoldoutVector() {
    FeatureVector v = holdoutVectors.get(next);
    next = next + 1 == holdoutVectors.size() ? 0 : next + 1;
    return v;
  }

  /** Scoring alone, one holdout product per call (encoded beforehand): the compiled forest. */
  @Benchmark
  public double[] scoreHoldoutCompiled() {
    return productScorer.predict(nextHoldoutVector());
  }

  /** The same rows through the booster's {@code PredictForCSRSingleRowFast}. */
  @Benchmark
  public double[] scoreHoldoutBooster() {
    return productBooster.boosterPredict(nextHoldoutVector());
  }

  /** 100 encoded holdout products: the compiled forest, row by row. */
  @Benchmark
  public double[][] score100Compiled() {
    return productScorer.predictBatch(batchVectors);
  }

  /** The same 100 rows in one {@code PredictForCSR} call. */
  @Benchmark
  public double[][] score100Booster() {
    return productBooster.boosterBatch(batchVectors, false);
  }

  @Benchmark
  public double[] scoreProductFastPathBooster() {
    return productBooster.boosterPredict(iphoneVector);
  }

  @Benchmark
  public double[] scorePenguinBooster() {
    return penguinBooster.boosterPredict(penguin);
  }

  @Benchmark
  public FeatureVector encodeProduct() {
    return product.pipeline().encode(iphone);
  }

  @Benchmark
  public double[] scoreProductFastPath() {
    return productScorer.predict(iphoneVector);
  }

  @Benchmark
  public double[] encodeAndScoreProduct() {
    return productScorer.predict(product.pipeline().encode(iphone));
  }

  /**
   * The floor for the HTTP benchmarks: one product per call, cycling the holdout products as wrk does. The
   * same product over and over (above) is faster, since the trees take the same branches every time.
   */
  @Benchmark
  public double[] encodeAndScoreHoldoutProduct() {
    Map<String, Object> r = holdout.get(next);
    next = next + 1 == holdout.size() ? 0 : next + 1;
    return productScorer.predict(product.pipeline().encode(r));
  }

  /** The same 100 products as the batch below, one native call each: per row, the cost batching must beat. */
  @Benchmark
  public double[][] encodeAndScore100Singly() {
    double[][] out = new double[batch.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = productScorer.predict(product.pipeline().encode(batch.get(i)));
    }
    return out;
  }

  @Benchmark
  public double[][] encodeAndScoreBatchOf100() {
    List<FeatureVector> v = new ArrayList<>(batch.size());
    for (Map<String, Object> r : batch) {
      v.add(product.pipeline().encode(r));
    }
    return productScorer.predictBatch(v);
  }

  @Benchmark
  public double[] scorePenguin() {
    return penguinScorer.predict(penguin);
  }
}
