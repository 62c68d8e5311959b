package dev.verdict.train;

import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.DerivedManifest;
import dev.verdict.model.FeatureSpecJson;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.Manifest;
import dev.verdict.model.ModelFile;
import dev.verdict.model.ModelSource;
import dev.verdict.model.ModelVersion;
import dev.verdict.model.Objective;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code import} command: a LightGBM model trained elsewhere becomes a version directory with a manifest to
 * review ({@link DerivedManifest}). With a reference table, a baseline for drift and support; with its labels
 * too, the fallbacks, metrics, shift suite and calibration that {@code train} builds, by the same code
 * ({@link ModelTrust}).
 *
 * @param labels    class names in class order, or null for "0".."K-1"
 * @param threshold binary only: the decision threshold, or null for 0.5
 * @param label     the reference table's label column, or null when it has none
 */
public record ModelImport(Path model, Path out, List<String> labels, Double threshold, Path reference, String label,
                          long seed) {

  public JsonObject run(PrintStream log) throws IOException {
    Path file = Files.isDirectory(model) ? ModelSource.modelFile(model) : model;
    if (file == null || !Files.isRegularFile(file)) {
      throw new IOException(Files.isDirectory(model) ? model + " holds no model.txt and no MLflow MLmodel"
          : "no such file: " + model);
    }
    ModelFile mf = ModelFile.read(file);
    Path abs = out.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw new IOException("--out must be a version directory, models/NAME/VERSION");
    }
    String name = abs.getParent().getFileName().toString();
    String version = abs.getFileName().toString();
    if (labels != null && mf.objective().regression()) {
      throw new IOException("--labels names classes, and " + file.getFileName() + " is a regression ("
          + mf.objective().name() + ")");
    }
    int classes = mf.objective().kind() == Objective.Kind.BINARY ? 2 : mf.numClass();
    if (labels != null && labels.size() != classes) {
      throw new IOException("--labels lists " + labels.size() + " names, the model has " + classes + " classes");
    }
    JsonObject manifest = DerivedManifest.of(name, version, mf, labels);
    if (threshold != null) {
      if (mf.objective().kind() != Objective.Kind.BINARY) {
        throw new IOException("--threshold is for binary models; this one is " + mf.objective().kind().wire());
      }
      manifest.put("objective", new Objective(Objective.Kind.BINARY, mf.objective().name(), threshold).toJson());
    }
    Files.createDirectories(out);
    Path target = out.resolve(ModelVersion.MODEL_FILE);
    if (!Files.exists(target) || !Files.isSameFile(file, target)) {
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
    manifest.put("created", java.time.Instant.now().toString()).put("imported", new JsonObject()
        .put("from", file.toString()).put("command", command()));
    Manifest m = Manifest.fromJson(manifest, mf);
    FeaturePipeline pipeline = new FeaturePipeline(m.features());
    log.printf("%s/%s: %s (%s%s), %d fields, from %s%n", name, version, mf.objective().name(),
        mf.objective().kind().wire(), m.objective().classifier() ? ", classes " + String.join(",", m.labels()) : "",
        m.features().fields().size(), file);
    if (reference != null) {
      try (LightGbmScorer scorer = LightGbmScorer.load(target)) {
        scorer.objective(m.objective());
        manifest.mergeIn(label == null ? unlabelled(pipeline, m, scorer, log) : labelled(pipeline, m, scorer, log));
      }
    } else {
      log.println("no --reference: support comes from the model's feature ranges; no baseline, no fallback");
    }
    Files.writeString(out.resolve(Manifest.FILE), manifest.encodePrettily());
    log.printf("wrote %s%n", out.resolve(Manifest.FILE));
    return manifest;
  }

  private String command() {
    StringBuilder b = new StringBuilder("java -jar target/verdict.jar import --model ").append(model)
        .append(" --out ").append(out);
    if (labels != null) {
      b.append(" --labels ").append(String.join(",", labels));
    }
    if (threshold != null) {
      b.append(" --threshold ").append(threshold);
    }
    if (reference != null) {
      b.append(" --reference ").append(reference);
    }
    if (label != null) {
      b.append(" --label ").append(label);
    }
    return b.toString();
  }

  /** A baseline from rows without labels: their feature distributions and the model's confidence on them. */
  private JsonObject unlabelled(FeaturePipeline pipeline, Manifest m, LightGbmScorer scorer, PrintStream log)
      throws IOException {
    if (m.objective().regression()) {
      throw new IOException("a regression's baseline needs labelled rows here: give --label COL");
    }
    List<FeatureVector> rows = new ArrayList<>();
    int line = 0;
    int skipped = 0;
    for (String s : Files.readString(reference, StandardCharsets.UTF_8).split("\n")) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      try {
        rows.add(pipeline.encode(new JsonObject(s).getMap()));
      } catch (RuntimeException e) {
        skipped++;
      }
    }
    if (rows.isEmpty()) {
      throw new IOException(reference + ": no row the model can read (" + skipped + " of " + line + " lines skipped)");
    }
    double[][] proba = ModelTrust.score(scorer, rows);
    JsonObject baseline = BaselineBuilder.build(pipeline.groups(), rows, rows, proba, m.labels());
    Files.writeString(out.resolve(ModelVersion.BASELINE_FILE), baseline.encodePrettily());
    log.printf("baseline: %d reference rows (%d skipped); no labels, so no fallback and no metrics%n", rows.size(),
        skipped);
    return new JsonObject().put("reference", new JsonObject().put("data", reference.toString())
        .put("rows", rows.size()).put("labelled", false));
  }

  /** Everything {@code train} builds after the model itself, on the reference rows split 70/15/15. */
  private JsonObject labelled(FeaturePipeline pipeline, Manifest m, LightGbmScorer scorer, PrintStream log)
      throws IOException {
    if (m.objective().regression()) {
      throw new IOException("import --label for a regression is not built yet: give --reference without --label "
          + "for a classifier, or train the regression with 'train'");
    }
    JsonObject specJson = new JsonObject().put("name", m.name()).put("label", label).put("seed", seed)
        .put("features", FeatureSpecJson.toJson(m.features()));
    TrainSpec spec;
    try {
      spec = TrainSpec.of(specJson, reference);
    } catch (RuntimeException e) {
      throw new IOException("cannot use the derived fields for the reference table: " + e.getMessage(), e);
    }
    TrainingData data = TrainingData.load(reference, label, pipeline, spec.split());
    int[] y = new int[data.records().size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = classOf(m.labels(), data.labels().get(i));
      if (y[i] < 0) {
        throw new IOException(reference + " line " + data.lines().get(i) + ": label \"" + data.labels().get(i)
            + "\" is none of the model's classes (" + String.join(", ", m.labels()) + ") nor a class index");
      }
    }
    Trainer.Split train = Trainer.Split.of(data, "train", data.vectors(), y);
    Trainer.Split valid = Trainer.Split.of(data, "validation", data.vectors(), y);
    Trainer.Split hold = Trainer.Split.of(data, "holdout", data.vectors(), y);
    if (train.size() == 0 || valid.size() == 0 || hold.size() == 0) {
      throw new IOException(reference + ": too few labelled rows to split (" + y.length + ")");
    }
    log.printf("reference: %d labelled rows (train %d, validation %d, holdout %d; split %s)%n", y.length,
        train.size(), valid.size(), hold.size(), data.derivedSplit() ? spec.split().describe() : "from the table");
    if (data.skipped().count() > 0) {
      log.println(data.skipped().summary());
    }
    JsonObject trust = ModelTrust.build(spec, pipeline, data, m.labels(), train, valid, hold, scorer, out, log);
    return trust.put("training", new JsonObject()
        .put("data", reference.toString())
        .put("data_from_version", out.toAbsolutePath().normalize().relativize(reference.toAbsolutePath().normalize())
            .toString())
        .put("data_sha256", data.sha256())
        .put("split", data.splitJson())
        .put("label", label)
        .put("note", "the model was trained elsewhere; these rows built its fallbacks, baseline and metrics"));
  }

  /** A table's label as a class index: the class's name, or its index written as a number; -1 when neither. */
  public static int classOf(List<String> labels, String value) {
    int k = labels.indexOf(value);
    if (k >= 0) {
      return k;
    }
    try {
      double d = Double.parseDouble(value);
      return d == Math.rint(d) && d >= 0 && d < labels.size() ? (int) d : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
