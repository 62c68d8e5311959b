package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * What one row costs through the booster and through the proven compiled forest, timed at load on the same
 * rows: the compiled scorer wins by 8x on the sparse product model, and loses on a small dense one, where every
 * node sits on a set column (penguins: 3.9 against 2.8 us in JMH), and on categorical splits. The fastest of
 * alternating passes after the compiled code has warmed up (the least disturbed by whatever else the machine
 * is doing at start-up); a whole pass per figure, so the clock's resolution does not matter.
 */
public record ScorerTiming(int rows, double boosterMicros, double compiledMicros) {
  static final int ROWS = 500;
  private static final int WARM_PASSES = 20;
  private static final int PASSES = 7;
  private static final long SEED = 0x7133;

  static ScorerTiming measure(LightGbmScorer booster, TreeForest forest, List<FeatureVector> sample) {
    List<FeatureVector> rows = new java.util.ArrayList<>(sample);
    rows.addAll(FuzzRows.generate(forest, booster.numFeatures(), ROWS - rows.size(), SEED));
    CompiledScorer compiled = new CompiledScorer(forest);
    double sink = 0;
    for (int p = 0; p < WARM_PASSES; p++) {
      sink += pass(compiled, rows);
    }
    sink += passBooster(booster, rows.subList(0, Math.min(50, rows.size())));
    long[] b = new long[PASSES];
    long[] c = new long[PASSES];
    for (int p = 0; p < PASSES; p++) {
      long t0 = System.nanoTime();
      sink += passBooster(booster, rows);
      long t1 = System.nanoTime();
      sink += pass(compiled, rows);
      b[p] = t1 - t0;
      c[p] = System.nanoTime() - t1;
    }
    if (sink == 42.4242) {
      throw new IllegalStateException(); // keeps the scoring from being optimised away
    }
    return new ScorerTiming(rows.size(), min(b) / 1e3 / rows.size(), min(c) / 1e3 / rows.size());
  }

  private static double pass(CompiledScorer c, List<FeatureVector> rows) {
    double s = 0;
    for (FeatureVector v : rows) {
      s += c.predict(v)[0];
    }
    return s;
  }

  private static double passBooster(LightGbmScorer b, List<FeatureVector> rows) {
    double s = 0;
    for (FeatureVector v : rows) {
      s += b.boosterPredict(v)[0];
    }
    return s;
  }

  private static double min(long[] a) {
    return Arrays.stream(a).min().orElseThrow();
  }

  public boolean compiledFaster() {
    return compiledMicros <= boosterMicros;
  }

  public JsonObject toJson() {
    return new JsonObject().put("rows", rows).put("booster_us", Math.round(boosterMicros * 100) / 100.0)
        .put("compiled_us", Math.round(compiledMicros * 100) / 100.0);
  }
}
