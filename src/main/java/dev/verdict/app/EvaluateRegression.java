package dev.verdict.app;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.RegressionMetrics;
import dev.verdict.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code evaluate} for a regression: RMSE, MAE and R² of the primary, each fallback and the rows' own mean. */
record EvaluateRegression(ModelVersion v, Path file, TrainingData table, String split, boolean bySplit) {

  void report(PrintStream o) throws IOException {
    List<Integer> rows = new ArrayList<>();
    int unreadable = 0;
    for (int i = 0; i < table.records().size(); i++) {
      if (!bySplit || "all".equals(split) || table.splits().get(i).equals(split)) {
        try {
          Double.parseDouble(table.labels().get(i));
          rows.add(i);
        } catch (NumberFormatException e) {
          unreadable++;
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IOException("no rows with a numeric label in split '" + split + "' of " + file);
    }
    double[] y = rows.stream().mapToDouble(i -> Double.parseDouble(table.labels().get(i))).toArray();
    List<FeatureVector> vectors = rows.stream().map(table.vectors()::get).toList();
    Map<String, RegressionMetrics> results = new LinkedHashMap<>();
    try (LightGbmScorer scorer = v.openScorer()) {
      results.put("primary", RegressionMetrics.of(vectors.stream().mapToDouble(r -> scorer.predict(r)[0]).toArray(), y));
    }
    for (FallbackModel f : Fallbacks.load(v).values()) {
      double[] p = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        p[i] = f.predictProba(vectors.get(i), table.records().get(rows.get(i)))[0];
      }
      results.put(f.kind(), RegressionMetrics.of(p, y));
    }
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    results.put("these rows' mean", RegressionMetrics.of(java.util.Arrays.stream(y).map(d -> mean).toArray(), y));
    o.printf("%s/%s on %s (%s, %d rows), %s%n", v.name(), v.version(), file, split, y.length, v.objective().name());
    if (table.skipped().count() > 0) {
      o.println(table.skipped().summary());
    }
    if (unreadable > 0) {
      o.printf("%d rows skipped: label is not a number%n", unreadable);
    }
    o.printf("%n%-20s %10s %10s %8s%n", "model", "RMSE", "MAE", "R²");
    results.forEach((name, m) -> o.printf("%-20s %10.4f %10.4f %8.4f%n", name, m.rmse(), m.mae(), m.r2()));
    o.println("\n(the shift suite is for classifiers; a regression's drift is watched on its prediction distribution)");
  }
}
