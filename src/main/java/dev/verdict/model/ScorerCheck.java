package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof a compiled forest must give before it may serve: on the given rows plus a seeded fuzz, its raw
 * scores equal the DJL-loaded booster's bit for bit, and its transformed outputs (probabilities) are within
 * {@link #OUTPUT_ULP_BOUND} ulps of the booster's.
 *
 * <p>Why an output bound at all: raw scores are sums of the same doubles in the same order, so they match
 * exactly. The softmax then calls {@code exp}; LightGBM uses the C library's, Java has no binding to it, and
 * two correctly-rounded-in-most-cases {@code exp}s may differ in the last bit. Measured on both shipped
 * models (278 + 51 holdout rows, 100,000 fuzz rows each, {@code Math.exp}): at most 3 ulps, on a small share
 * of the outputs (see {@code CompiledScorerTest}); the bound leaves room for other libm builds.
 */
public record ScorerCheck(int rows, int rawMismatches, long outputsDiffering, long maxOutputUlps,
                          String firstMismatch) {
  public static final int OUTPUT_ULP_BOUND = 16;
  /** Fuzz rows checked at load, per version (the test suite runs 100,000). */
  public static final int LOAD_FUZZ_ROWS = 2000;
  public static final long FUZZ_SEED = 0x5c0de;

  public boolean passed() {
    return rawMismatches == 0 && maxOutputUlps <= OUTPUT_ULP_BOUND;
  }

  /** Checks {@code forest} against {@code booster} on {@code sample} plus {@code fuzzRows} fuzz rows. */
  public static ScorerCheck run(LightGbmScorer booster, TreeForest forest, List<FeatureVector> sample, int fuzzRows,
                                long seed) {
    return run(booster, forest, sample, fuzzRows, seed, false);
  }

  /** As {@link #run}, with {@code walk} forcing the tree walk where the feature-major layout would serve. */
  static ScorerCheck run(LightGbmScorer booster, TreeForest forest, List<FeatureVector> sample, int fuzzRows,
                         long seed, boolean walk) {
    List<FeatureVector> rows = new ArrayList<>(sample);
    rows.add(new FeatureVector(booster.numFeatures(), new int[0], new double[0]));
    rows.addAll(FuzzRows.generate(forest, booster.numFeatures(), fuzzRows, seed));
    CompiledScorer c = new CompiledScorer(forest, walk);
    int k = forest.numClass();
    double[] raw = new double[k];
    int mismatches = 0;
    long maxUlps = 0;
    long differing = 0;
    String first = null;
    // Chunks keep the native output buffers small.
    for (int from = 0; from < rows.size(); from += 1000) {
      List<FeatureVector> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
      double[][] wantRaw = booster.boosterBatch(chunk, true);
      double[][] wantOut = booster.boosterBatch(chunk, false);
      for (int r = 0; r < chunk.size(); r++) {
        c.rawInto(chunk.get(r), raw);
        boolean rowBad = false;
        for (int j = 0; j < k; j++) {
          if (ulps(raw[j], wantRaw[r][j]) != 0) {
            rowBad = true;
            if (first == null) {
              first = "row " + (from + r) + " class " + j + ": compiled raw " + raw[j] + ", booster "
                  + wantRaw[r][j];
            }
          }
        }
        mismatches += rowBad ? 1 : 0;
        c.transform(raw);
        for (int j = 0; j < k; j++) {
          long u = ulps(raw[j], wantOut[r][j]);
          maxUlps = Math.max(maxUlps, u);
          differing += u == 0 ? 0 : 1;
          if (u > OUTPUT_ULP_BOUND && first == null) {
            first = "row " + (from + r) + " class " + j + ": compiled output " + raw[j] + ", booster "
                + wantOut[r][j];
          }
        }
      }
    }
    return new ScorerCheck(rows.size(), mismatches, differing, maxUlps, first);
  }

  /** Distance in units in the last place; 0 for equal values (and for two NaNs), MAX_VALUE across NaN. */
  static long ulps(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
    }
    if (a == b) {
      return 0;
    }
    long x = Double.doubleToLongBits(a);
    long y = Double.doubleToLongBits(b);
    // map the sign-magnitude bit patterns onto one ordered line
    x = x < 0 ? Long.MIN_VALUE - x : x;
    y = y < 0 ? Long.MIN_VALUE - y : y;
    long d = x - y;
    return d == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(d);
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("rows", rows).put("raw_mismatches", rawMismatches)
        .put("outputs_differing", outputsDiffering).put("max_output_ulps", maxOutputUlps).put("output_ulp_bound", OUTPUT_ULP_BOUND);
    if (firstMismatch != null) {
      j.put("first_mismatch", firstMismatch);
    }
    return j;
  }
}
