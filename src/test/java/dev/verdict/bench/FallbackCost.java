package dev.verdict.bench;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scoring cost per holdout row of the primary (as served: compiled when proven) and of each fallback, side by
 * side in one JVM, single thread, after warm-up; CPU time of this thread. Run: bench/fallback-cost.sh
 */
public final class FallbackCost {
  public static void main(String[] args) throws Exception {
    ModelVersion v = ModelVersion.open(Path.of(args.length > 0 ? args[0] : "models/product-classifier/1"));
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<Map<String, Object>> rows = new ArrayList<>();
    List<FeatureVector> vectors = new ArrayList<>();
    for (int i : data.indicesOf("holdout")) {
      rows.add(data.records().get(i));
      vectors.add(v.pipeline().encode(data.records().get(i)));
    }
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, FallbackModel> fbs = Fallbacks.load(v);
    try (LightGbmScorer primary = v.openScorer()) {
      for (int round = 0; round < 3; round++) {
        StringBuilder line = new StringBuilder("round " + round + ":");
        line.append(String.format(" primary(%s) %.1f µs", primary.kind(), time(bean, () -> {
          for (FeatureVector f : vectors) {
            primary.predict(f);
          }
        }, vectors.size())));
        for (FallbackModel f : fbs.values()) {
          line.append(String.format(", %s %.1f µs", f.kind(), time(bean, () -> {
            for (int i = 0; i < vectors.size(); i++) {
              f.predictProba(vectors.get(i), rows.get(i));
            }
          }, vectors.size())));
        }
        System.out.println(line);
      }
    }
  }

  static double time(java.lang.management.ThreadMXBean bean, Runnable pass, int rows) {
    for (int w = 0; w < 20; w++) {
      pass.run();
    }
    long t0 = bean.getCurrentThreadCpuTime();
    int passes = 50;
    for (int p = 0; p < passes; p++) {
      pass.run();
    }
    return (bean.getCurrentThreadCpuTime() - t0) / 1e3 / passes / rows;
  }
}
