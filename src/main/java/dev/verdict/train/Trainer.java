package dev.verdict.train;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.NaiveBayesFallback;
import dev.verdict.fallback.RandomForestFallback;
import dev.verdict.fallback.Router;
import dev.verdict.fallback.RuleFallback;
import dev.verdict.drift.SupportProfile;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.FeatureSpecJson;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} command: one spec + one table in, one complete model version directory out —
 * {@code model.txt}, {@code manifest.json}, {@code baseline.json} and {@code fallback/}.
 */
public final class Trainer {
  private final PrintStream log;

  public Trainer(PrintStream log) {
    this.log = log;
  }

  public JsonObject train(TrainSpec spec, Path dataFile, Path out) throws IOException {
    long t0 = System.nanoTime();
    FeaturePipeline pipeline = new FeaturePipeline(spec.features());
    TrainingData data = TrainingData.load(dataFile, spec.label(), pipeline, spec.split());
    List<String> notes = TableCheck.against(spec, data);
    List<String> labels = data.classes();
    int k = labels.size();
    List<FeatureVector> vectors = data.vectors();
    int[] y = new int[data.records().size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.indexOf(data.labels().get(i));
    }
    Split train = Split.of(data, "train", vectors, y);
    Split valid = Split.of(data, "validation", vectors, y);
    Split hold = Split.of(data, "holdout", vectors, y);
    log.printf("%s: %d rows (train %d, validation %d, holdout %d; split %s), %d classes, %d features%n",
        spec.name(), y.length, train.size(), valid.size(), hold.size(),
        data.derivedSplit() ? spec.split().describe() : "from the \"" + spec.split().field() + "\" column", k,
        pipeline.size());
    if (data.skipped().count() > 0) {
      log.println(data.skipped().summary());
    }
    notes.forEach(log::println);

    Files.createDirectories(out.resolve(ModelVersion.FALLBACK_DIR));
    String params = LightGbmTrainer.params(spec.lightgbm(), k, spec.seed());
    LightGbmTrainer.Result lgb = LightGbmTrainer.train(train.vectors, train.y, valid.vectors, valid.y,
        pipeline.size(), params, spec.maxRounds(), spec.earlyStoppingRounds(), out.resolve(ModelVersion.MODEL_FILE));
    log.printf("lightgbm: best iteration %d of %d, validation logloss %.4f%n", lgb.bestIteration(),
        lgb.roundsRun(), lgb.bestValidLogLoss());

    Path fb = out.resolve(ModelVersion.FALLBACK_DIR);
    List<FallbackModel> fallbacks = new ArrayList<>();
    RandomForestFallback rf = RandomForestFallback.train(train.vectors, train.y, k, spec.forestTrees(),
        spec.forestMtry(), spec.forestMaxDepth(), spec.forestMinColumnRows(), spec.seed());
    rf.save(fb);
    fallbacks.add(rf);
    if (NaiveBayesFallback.applicable(pipeline.groups())) {
      NaiveBayesFallback nb = NaiveBayesFallback.train(train.vectors, train.y, k, pipeline.groups());
      nb.save(fb);
      fallbacks.add(nb);
    }
    if (RuleFallback.textField(pipeline) != null) {
      RuleFallback rules = RuleFallback.train(pipeline, train.records(data), train.y, k, spec.ruleMinSupport(),
          spec.ruleMinPrecision());
      rules.save(fb, labels);
      fallbacks.add(rules);
      log.printf("rules: %d keyword rules%n", rules.size());
    }

    double[][] validProba;
    JsonObject holdMetrics = new JsonObject();
    JsonObject validMetrics = new JsonObject();
    JsonObject baseline;
    ShiftSuite.Result suite;
    try (LightGbmScorer scorer = LightGbmScorer.load(out)) {
      validProba = score(scorer, valid.vectors);
      holdMetrics.put("primary", Metrics.of(score(scorer, hold.vectors), hold.y, k).toJson(labels));
      validMetrics.put("primary", Metrics.of(validProba, valid.y, k).toJson(labels));
      for (FallbackModel f : fallbacks) {
        holdMetrics.put(f.kind(), Metrics.of(predict(f, hold, data), hold.y, k).toJson(labels));
      }
      baseline = BaselineBuilder.build(pipeline.groups(), train.vectors, valid.vectors, validProba, labels);
      Map<String, FallbackModel> candidates = new LinkedHashMap<>();
      fallbacks.forEach(f -> candidates.put(f.kind(), f));
      // Shifted validation rows: the model did not fit them, and the holdout stays for reporting only.
      suite = ShiftSuite.run(pipeline, scorer::predict, candidates, valid.records(data), valid.y, k,
          SupportProfile.of(pipeline, baseline), null);
    }
    double[] priors = priors(train.y, k);
    holdMetrics.put("majority_class", Metrics.of(constant(priors, hold.size()), hold.y, k).toJson(labels));
    Router router = Router.choose(suite.conditions());
    String defaultFallback = bestOverall(suite.shifts(), fallbacks);
    log.printf("fallback: %s measures best over the shift suite; routes %s%n", defaultFallback,
        router.toJson().getJsonObject("conditions").encode());
    JsonObject calibration = CalibrationFit.fit(validProba, valid.y);
    log.printf("calibration: %s (Brier of 'correct' %.4f raw, %.4f cross-fitted)%n", calibration.getString("method"),
        calibration.getDouble("brier_raw"), calibration.getDouble("brier_cross_fitted"));

    Files.writeString(out.resolve(ModelVersion.BASELINE_FILE), baseline.encodePrettily());
    JsonObject manifest = manifest(spec, data, out, labels, priors, lgb, train, valid, hold, holdMetrics,
        validMetrics, fallbacks)
        .put("fallback", new JsonObject().put("default", defaultFallback).put("available", kinds(fallbacks))
            .put("chosen_by", "best mean macro-F1 over the shift suite on validation rows"))
        .put("shift_suite", new JsonObject().put("split", "validation").put("seed", ShiftSuite.SEED)
            .put("shifts", suite.shifts()).put("conditions", suite.conditions()))
        .put("routing", router.toJson())
        .put("calibration", calibration);
    Files.writeString(out.resolve("manifest.json"), manifest.encodePrettily());
    log.printf("done in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, out);
    return manifest;
  }

  private JsonObject manifest(TrainSpec spec, TrainingData data, Path out, List<String> labels, double[] priors,
                              LightGbmTrainer.Result lgb, Split train, Split valid, Split hold,
                              JsonObject holdMetrics, JsonObject validMetrics, List<FallbackModel> fallbacks) {
    JsonObject pri = new JsonObject();
    for (int i = 0; i < labels.size(); i++) {
      pri.put(labels.get(i), priors[i]);
    }
    return new JsonObject()
        .put("name", spec.name())
        .put("version", out.getFileName().toString())
        .put("description", spec.description())
        .put("created", created())
        .put("task", "multiclass-classification")
        .put("framework", "lightgbm")
        .put("labels", new JsonArray(labels))
        .put("priors", pri)
        .put("schema", FeatureSpecJson.inputSchema(spec.features()))
        .put("features", FeatureSpecJson.toJson(spec.features()))
        .put("training", new JsonObject()
            .put("data", data.file().toString())
            .put("data_from_version", relative(out, data.file()))
            .put("data_sha256", data.sha256())
            .put("split", data.splitJson())
            .put("skipped", data.skipped().toJson())
            .put("label", spec.label())
            .put("rows", new JsonObject().put("train", train.size()).put("validation", valid.size())
                .put("holdout", hold.size()))
            .put("spec", spec.json())
            .put("lightgbm_params", lgb.params())
            .put("best_iteration", lgb.bestIteration())
            .put("rounds_run", lgb.roundsRun())
            .put("command", "java -jar target/verdict.jar train --spec " + spec.file() + " --data " + data.file()
                + " --out " + out))
        .put("metrics", new JsonObject().put("holdout", holdMetrics).put("validation", validMetrics));
  }

  /** The data file as seen from the version directory, so evaluate finds it from any working directory. */
  private static String relative(Path out, Path file) {
    return out.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
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

  /** SOURCE_DATE_EPOCH (reproducible-builds convention) pins the timestamp; otherwise now. */
  private static String created() {
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    return (epoch != null ? Instant.ofEpochSecond(Long.parseLong(epoch)) : Instant.now()).toString();
  }

  static double[][] score(LightGbmScorer scorer, List<FeatureVector> rows) {
    double[][] p = new double[rows.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = scorer.predict(rows.get(i));
    }
    return p;
  }

  private static double[][] predict(FallbackModel f, Split s, TrainingData data) {
    double[][] p = new double[s.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = f.predictProba(s.vectors.get(i), data.records().get(s.rows.get(i)));
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

  /** The rows of one split, their vectors and classes, in table order. */
  record Split(List<Integer> rows, List<FeatureVector> vectors, int[] y) {
    static Split of(TrainingData data, String name, List<FeatureVector> all, int[] allY) {
      List<Integer> idx = data.indicesOf(name);
      List<FeatureVector> v = new ArrayList<>();
      int[] y = new int[idx.size()];
      for (int i = 0; i < idx.size(); i++) {
        v.add(all.get(idx.get(i)));
        y[i] = allY[idx.get(i)];
      }
      return new Split(idx, v, y);
    }

    int size() {
      return rows.size();
    }

    List<Map<String, Object>> records(TrainingData data) {
      return rows.stream().map(data.records()::get).toList();
    }
  }
}
