package dev.verdict.train;

import dev.verdict.fallback.RegressionForestFallback;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelFile;
import dev.verdict.model.ModelVersion;
import dev.verdict.model.Objective;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code train} for a numeric target: LightGBM with the regression objective, a Smile regression forest as the
 * fallback on the same rows, RMSE / MAE / R² on validation and holdout (against predicting the training mean),
 * and a baseline whose output part is the distribution of predictions, since a regression has no confidence.
 */
final class RegressionTraining {
  private final PrintStream log;

  RegressionTraining(PrintStream log) {
    this.log = log;
  }

  JsonObject train(TrainSpec spec, FeaturePipeline pipeline, TrainingData data, Path out, Objective objective,
                   List<String> notes, long t0) throws IOException {
    double[] all = data.labels().stream().mapToDouble(Double::parseDouble).toArray();
    int[] none = new int[all.length];
    Trainer.Split train = Trainer.Split.of(data, "train", data.vectors(), none);
    Trainer.Split valid = Trainer.Split.of(data, "validation", data.vectors(), none);
    Trainer.Split hold = Trainer.Split.of(data, "holdout", data.vectors(), none);
    double[] yt = targets(train, all);
    double[] yv = targets(valid, all);
    double[] yh = targets(hold, all);
    log.printf("%s: %d rows (train %d, validation %d, holdout %d; split %s), regression, %d features%n",
        spec.name(), all.length, train.size(), valid.size(), hold.size(),
        data.derivedSplit() ? spec.split().describe().replace("by label", "by label decile")
            : "from the \"" + spec.split().field() + "\" column",
        pipeline.size());
    if (data.skipped().count() > 0) {
      log.println(data.skipped().summary());
    }
    notes.forEach(log::println);
    Files.createDirectories(out.resolve(ModelVersion.FALLBACK_DIR));
    String params = LightGbmTrainer.params(spec.lightgbm(), objective, 1, spec.seed());
    LightGbmTrainer.Result lgb = LightGbmTrainer.train(train.vectors(), yt, valid.vectors(), yv, pipeline.size(),
        params, spec.maxRounds(), spec.earlyStoppingRounds(), out.resolve(ModelVersion.MODEL_FILE));
    log.printf("lightgbm: best iteration %d of %d, validation loss %.4f%n", lgb.bestIteration(), lgb.roundsRun(),
        lgb.bestValidLogLoss());
    RegressionForestFallback rf = RegressionForestFallback.train(train.vectors(), yt, spec.forestTrees(),
        spec.forestMtry(), spec.forestMaxDepth(), spec.forestMinColumnRows(), spec.seed());
    rf.save(out.resolve(ModelVersion.FALLBACK_DIR));

    JsonObject holdout = new JsonObject();
    JsonObject validation = new JsonObject();
    double[] validPred;
    try (LightGbmScorer scorer = LightGbmScorer.load(out)) {
      scorer.objective(objective);
      validPred = predict(scorer, valid.vectors());
      holdout.put("primary", RegressionMetrics.of(predict(scorer, hold.vectors()), yh).toJson());
      validation.put("primary", RegressionMetrics.of(validPred, yv).toJson());
    }
    holdout.put(rf.kind(), RegressionMetrics.of(fallback(rf, hold.vectors()), yh).toJson());
    double mean = java.util.Arrays.stream(yt).average().orElse(0);
    double[] constant = new double[yh.length];
    java.util.Arrays.fill(constant, mean);
    holdout.put("training_mean", RegressionMetrics.of(constant, yh).toJson());
    log.printf("holdout: RMSE %.4f, MAE %.4f, R² %.4f (regression forest RMSE %.4f; training mean %.4f)%n",
        holdout.getJsonObject("primary").getDouble("rmse"), holdout.getJsonObject("primary").getDouble("mae"),
        holdout.getJsonObject("primary").getDouble("r2"), holdout.getJsonObject(rf.kind()).getDouble("rmse"),
        holdout.getJsonObject("training_mean").getDouble("rmse"));
    Files.writeString(out.resolve(ModelVersion.BASELINE_FILE),
        BaselineBuilder.regression(pipeline.groups(), train.vectors(), valid.vectors(), validPred).encodePrettily());

    JsonObject manifest = Trainer.manifest(spec, data, out, List.of(), lgb, train, valid, hold)
        .put("task", "regression")
        .put("objective", objective.toJson())
        .put("model_sha256", ModelFile.sha256(out.resolve(ModelVersion.MODEL_FILE)))
        .put("metrics", new JsonObject().put("holdout", holdout).put("validation", validation))
        .put("fallback", new JsonObject().put("default", rf.kind()).put("available", new JsonArray().add(rf.kind()))
            .put("chosen_by", "the only regression fallback"));
    manifest.remove("labels");
    Files.writeString(out.resolve("manifest.json"), manifest.encodePrettily());
    log.printf("done in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, out);
    return manifest;
  }

  private static double[] targets(Trainer.Split s, double[] all) {
    return s.rows().stream().mapToDouble(i -> all[i]).toArray();
  }

  static double[] predict(LightGbmScorer scorer, List<FeatureVector> rows) {
    return rows.stream().mapToDouble(v -> scorer.predict(v)[0]).toArray();
  }

  private static double[] fallback(RegressionForestFallback f, List<FeatureVector> rows) {
    return rows.stream().mapToDouble(v -> f.predictProba(v, java.util.Map.of())[0]).toArray();
  }
}
