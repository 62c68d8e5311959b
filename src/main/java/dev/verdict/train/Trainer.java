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
import dev.verdict.model.ModelFile;
import dev.verdict.model.Objective;
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
    TaskChoice.Chosen task = TaskChoice.of(spec.objective(), spec.label(), data.labels());
    log.println(task.line());
    if (task.objective().regression()) {
      return new RegressionTraining(log).train(spec, pipeline, data, out, task.objective(), notes, t0);
    }
    Objective objective = task.objective();
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
    String params = LightGbmTrainer.params(spec.lightgbm(), objective, k, spec.seed());
    LightGbmTrainer.Result lgb = LightGbmTrainer.train(train.vectors, train.y, valid.vectors, valid.y,
        pipeline.size(), params, spec.maxRounds(), spec.earlyStoppingRounds(), out.resolve(ModelVersion.MODEL_FILE));
    log.printf("lightgbm: best iteration %d of %d, validation logloss %.4f%n", lgb.bestIteration(),
        lgb.roundsRun(), lgb.bestValidLogLoss());

    JsonObject trust;
    try (LightGbmScorer scorer = LightGbmScorer.load(out)) {
      scorer.objective(objective);
      trust = ModelTrust.build(spec, pipeline, data, labels, train, valid, hold, scorer, out, log);
    }
    JsonObject manifest = manifest(spec, data, out, labels, lgb, train, valid, hold).mergeIn(trust)
        .put("objective", objective.toJson())
        .put("task", objective.kind() == Objective.Kind.BINARY ? "binary-classification" : "multiclass-classification")
        .put("model_sha256", ModelFile.sha256(out.resolve(ModelVersion.MODEL_FILE)));
    Files.writeString(out.resolve("manifest.json"), manifest.encodePrettily());
    log.printf("done in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, out);
    return manifest;
  }

  static JsonObject manifest(TrainSpec spec, TrainingData data, Path out, List<String> labels,
                              LightGbmTrainer.Result lgb, Split train, Split valid, Split hold) {
    return new JsonObject()
        .put("name", spec.name())
        .put("version", out.getFileName().toString())
        .put("description", spec.description())
        .put("created", created())
        .put("task", "multiclass-classification")
        .put("framework", "lightgbm")
        .put("labels", new JsonArray(labels))
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
                + " --out " + out));
  }

  /** The data file as seen from the version directory, so evaluate finds it from any working directory. */
  private static String relative(Path out, Path file) {
    return out.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
  }

  /** SOURCE_DATE_EPOCH (reproducible-builds convention) pins the timestamp; otherwise now. */
  private static String created() {
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    return (epoch != null ? Instant.ofEpochSecond(Long.parseLong(epoch)) : Instant.now()).toString();
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
