package dev.verdict.train;

import dev.verdict.drift.SupportProfile;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.NaiveBayesFallback;
import dev.verdict.fallback.RandomForestFallback;
import dev.verdict.fallback.Router;
import dev.verdict.fallback.RuleFallback;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that makes a classifier trustworthy beyond its own answers, from labelled rows: the fallbacks
 * (written to {@code fallback/}), holdout and validation metrics, the baseline (written to {@code baseline.json}),
 * the shift suite with the routes it measured, and the calibration. {@code train} runs it on the model it just
 * trained; {@code import} on a model trained elsewhere, with the rows of a labelled reference table. One code.
 */
public final class ModelTrust {
  private ModelTrust() {
  }

  /**
   * @param labels the model's classes in class order (row {@code y} indexes them)
   * @return the manifest's {@code priors}, {@code metrics}, {@code fallback}, {@code shift_suite}, {@code routing}
   *         and {@code calibration}
   */
  static JsonObject build(TrainSpec spec, FeaturePipeline pipeline, TrainingData data, List<String> labels,
                          Trainer.Split train, Trainer.Split valid, Trainer.Split hold, LightGbmScorer scorer,
                          Path out, PrintStream log) throws IOException {
    int k = labels.size();
    Path fb = out.resolve(ModelVersion.FALLBACK_DIR);
    Files.createDirectories(fb);
    List<FallbackModel> fallbacks = new ArrayList<>();
    RandomForestFallback rf = RandomForestFallback.train(train.vectors(), train.y(), k, spec.forestTrees(),
        spec.forestMtry(), spec.forestMaxDepth(), spec.forestMinColumnRows(), spec.seed());
    rf.save(fb);
    fallbacks.add(rf);
    if (NaiveBayesFallback.applicable(pipeline.groups())) {
      NaiveBayesFallback nb = NaiveBayesFallback.train(train.vectors(), train.y(), k, pipeline.groups());
      nb.save(fb);
      fallbacks.add(nb);
    }
    if (RuleFallback.textField(pipeline) != null) {
      RuleFallback rules = RuleFallback.train(pipeline, train.records(data), train.y(), k, spec.ruleMinSupport(),
          spec.ruleMinPrecision());
      rules.save(fb, labels);
      fallbacks.add(rules);
      log.printf("rules: %d keyword rules%n", rules.size());
    }

    double[][] validProba = score(scorer, valid.vectors());
    JsonObject holdMetrics = new JsonObject();
    JsonObject validMetrics = new JsonObject();
    double[][] holdProba = score(scorer, hold.vectors());
    holdMetrics.put("primary", Metrics.of(holdProba, hold.y(), k).toJson(labels));
    if (k == 2) {
      holdMetrics.getJsonObject("primary").put("auc", Metrics.auc(holdProba, hold.y()));
    }
    validMetrics.put("primary", Metrics.of(validProba, valid.y(), k).toJson(labels));
    for (FallbackModel f : fallbacks) {
      holdMetrics.put(f.kind(), Metrics.of(predict(f, hold, data), hold.y(), k).toJson(labels));
    }
    JsonObject baseline = BaselineBuilder.build(pipeline.groups(), train.vectors(), valid.vectors(), validProba,
        labels);
    Map<String, FallbackModel> candidates = new LinkedHashMap<>();
    fallbacks.forEach(f -> candidates.put(f.kind(), f));
    // Shifted validation rows: the model did not fit them, and the holdout stays for reporting only.
    ShiftSuite.Result suite = ShiftSuite.run(pipeline, scorer::predict, candidates, valid.records(data), valid.y(), k,
        SupportProfile.of(pipeline, baseline), null);
    double[] priors = priors(train.y(), k);
    holdMetrics.put("majority_class", Metrics.of(constant(priors, hold.size()), hold.y(), k).toJson(labels));
    Router router = Router.choose(suite.conditions());
    String defaultFallback = bestOverall(suite.shifts(), fallbacks);
    log.printf("fallback: %s measures best over the shift suite; routes %s%n", defaultFallback,
        router.toJson().getJsonObject("conditions").encode());
    JsonObject calibration = CalibrationFit.fit(validProba, valid.y());
    log.printf("calibration: %s (Brier of 'correct' %.4f raw, %.4f cross-fitted)%n", calibration.getString("method"),
        calibration.getDouble("brier_raw"), calibration.getDouble("brier_cross_fitted"));
    Files.writeString(out.resolve(ModelVersion.BASELINE_FILE), baseline.encodePrettily());

    JsonObject pri = new JsonObject();
    for (int i = 0; i < k; i++) {
      pri.put(labels.get(i), priors[i]);
    }
    return new JsonObject()
        .put("priors", pri)
        .put("metrics", new JsonObject().put("holdout", holdMetrics).put("validation", validMetrics))
        .put("fallback", new JsonObject().put("default", defaultFallback).put("available", kinds(fallbacks))
            .put("chosen_by", "best mean macro-F1 over the shift suite on validation rows"))
        .put("shift_suite", new JsonObject().put("split", "validation").put("seed", ShiftSuite.SEED)
            .put("shifts", suite.shifts()).put("conditions", suite.conditions()))
        .put("routing", router.toJson())
        .put("calibration", calibration);
  }

  private static JsonArray kinds(List<FallbackModel> fallbacks) {
    JsonArray kinds = new JsonArray();
    fallbacks.forEach(f -> kinds.add(f.kind()));
    return kinds;
  }

  /** The candidate with the best mean macro-F1 over every shift, the clean rows included. */
  static String bestOverall(JsonObject shifts, List<FallbackModel> fallbacks) {
    String best = null;
    double bestMean = Double.NEGATIVE_INFINITY;
    for (FallbackModel f : fallbacks) {
      double sum = 0;
      int n = 0;
      for (String s : shifts.fieldNames()) {
        Double v = shifts.getJsonObject(s).getJsonObject("macro_f1").getDouble(f.kind());
        if (v != null) {
          sum += v;
          n++;
        }
      }
      if (n > 0 && sum / n > bestMean) {
        bestMean = sum / n;
        best = f.kind();
      }
    }
    return best;
  }

  static double[][] score(LightGbmScorer scorer, List<FeatureVector> rows) {
    double[][] p = new double[rows.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = scorer.predict(rows.get(i));
    }
    return p;
  }

  private static double[][] predict(FallbackModel f, Trainer.Split s, TrainingData data) {
    double[][] p = new double[s.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = f.predictProba(s.vectors().get(i), data.records().get(s.rows().get(i)));
    }
    return p;
  }

  private static double[] priors(int[] y, int k) {
    double[] p = new double[k];
    for (int c : y) {
      p[c] += 1.0 / y.length;
    }
    return p;
  }

  private static double[][] constant(double[] p, int n) {
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = p.clone();
    }
    return out;
  }
}
