package dev.verdict.app;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.Metrics;
import dev.verdict.train.ModelImport;
import dev.verdict.train.ShiftReport;
import dev.verdict.train.SplitRule;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Accuracy, macro-F1, log-loss and per-class F1 of a version's primary and fallbacks on one split.")
final class EvaluateCommand implements Callable<Integer> {
  enum SplitName { holdout, validation, train, all }

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a version directory, models/NAME/VERSION")
  Path model;

  @Option(names = "--data", paramLabel = "FILE", description = "the table (default: the one the version was trained on)")
  Path data;

  @Option(names = "--split", defaultValue = "holdout", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  SplitName split;

  @Option(names = "--no-shifts", description = "skip the shift suite")
  boolean noShifts;

  @Override
  public Integer call() throws Exception {
    ModelVersion v = openVersion(model);
    JsonObject training = v.manifest().json().getJsonObject("training", new JsonObject());
    Path file = data != null ? data : trainingData(v.dir(), training);
    JsonObject splitBlock = training.getJsonObject("split");
    SplitRule rule = SplitRule.of(splitBlock, splitBlock == null ? 42 : splitBlock.getLong("seed", 42L));
    TrainingData table = TrainingData.load(file, training.getString("label", "label"), v.pipeline(), rule);
    if (split != SplitName.all && table.derivedSplit() && !table.sha256().equals(training.getString("data_sha256"))) {
      throw new IOException(file + " is not the table " + v.name() + "/" + v.version() + " was trained on, so its "
          + "derived split would not match; use --split all, or give the rows a \"" + rule.field() + "\" column");
    }
    if (v.objective().regression()) {
      new EvaluateRegression(v, file, table, split.name(), data == null || split != SplitName.all)
          .report(System.out);
      return 0;
    }
    List<Integer> rows = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < table.records().size(); i++) {
      if (split == SplitName.all || table.splits().get(i).equals(split.name())) {
        (ModelImport.classOf(v.labels(), table.labels().get(i)) >= 0 ? rows : unknown).add(i);
      }
    }
    if (rows.isEmpty()) {
      throw new IOException("no rows with a label the model knows in split '" + split + "' of " + file);
    }
    report(v, file, table, rows, unknown);
    return 0;
  }

  private void report(ModelVersion v, Path file, TrainingData table, List<Integer> rows, List<Integer> unknown)
      throws Exception {
    int k = v.labels().size();
    List<FeatureVector> vectors = rows.stream().map(table.vectors()::get).toList();
    int[] y = rows.stream().mapToInt(i -> ModelImport.classOf(v.labels(), table.labels().get(i))).toArray();
    Map<String, Metrics> results = new LinkedHashMap<>();
    Map<String, double[][]> probabilities = new LinkedHashMap<>();
    try (LightGbmScorer scorer = v.openScorer()) {
      probabilities.put("primary", vectors.stream().map(scorer::predict).toArray(double[][]::new));
    }
    for (FallbackModel f : Fallbacks.load(v).values()) {
      double[][] p = new double[y.length][];
      for (int i = 0; i < y.length; i++) {
        p[i] = f.predictProba(vectors.get(i), table.records().get(rows.get(i)));
      }
      probabilities.put(f.kind(), p);
    }
    probabilities.forEach((name, p) -> results.put(name, Metrics.of(p, y, k)));
    PrintStream o = System.out;
    o.printf("%s/%s on %s (%s, %d rows)%n", v.name(), v.version(), file, split, y.length);
    if (table.skipped().count() > 0) {
      o.println(table.skipped().summary());
    }
    if (!unknown.isEmpty()) {
      o.printf("%d rows skipped: label not known to the model (first at line %d)%n", unknown.size(),
          table.lines().get(unknown.get(0)));
    }
    if (v.objective().kind() == dev.verdict.model.Objective.Kind.BINARY) {
      double t = v.objective().threshold();
      o.printf("%n%-20s %9s %9s %13s %9s%n", "model", "AUC", "log-loss", "accuracy@" + t, "macro-F1");
      results.forEach((name, m) -> o.printf("%-20s %9.4f %9.4f %13.4f %9.4f%n", name,
          Metrics.auc(probabilities.get(name), y), m.logLoss(), Metrics.accuracyAt(probabilities.get(name), y, t),
          m.macroF1()));
    } else {
      o.printf("%n%-20s %9s %9s %9s%n", "model", "accuracy", "macro-F1", "log-loss");
      results.forEach((name, m) -> o.printf("%-20s %9.4f %9.4f %9.4f%n", name, m.accuracy(), m.macroF1(),
          m.logLoss()));
    }
    o.printf("%nper-class F1%n%-30s", "class");
    results.keySet().forEach(name -> o.printf(" %14s", name.length() > 14 ? name.substring(0, 14) : name));
    o.println();
    for (int c = 0; c < k; c++) {
      o.printf("%-30s", v.labels().get(c));
      final int cc = c;
      results.values().forEach(m -> o.printf(" %14.4f", m.f1()[cc]));
      o.println();
    }
    if (!noShifts) {
      ShiftReport.print(o, v, rows.stream().map(table.records()::get).toList(), y);
    }
  }

  /** A version directory, or a one-line reason it is not one. */
  static ModelVersion openVersion(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no such model version directory: " + dir);
    }
    if (!dev.verdict.model.ModelSource.holdsModel(dir)) {
      throw new IOException(dir + " is not a model version: it needs a model.txt (train and import write one;"
          + " pass a directory like models/NAME/VERSION)");
    }
    return ModelVersion.open(dir);
  }

  /**
   * The training table: the manifest's path from the version directory, then as written from the working
   * directory, then (manifests before that was recorded) under {@code data/}.
   */
  static Path trainingData(Path versionDir, JsonObject training) throws IOException {
    List<Path> tried = new ArrayList<>();
    String rel = training.getString("data_from_version");
    if (rel != null) {
      tried.add(versionDir.resolve(rel).normalize());
    }
    String data = training.getString("data");
    if (data != null) {
      tried.add(Path.of(data));
      tried.add(Path.of("data").resolve(Path.of(data).getFileName()));
    }
    for (Path p : tried) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("cannot find the training data of " + versionDir + (tried.isEmpty() ? "" : " (tried "
        + String.join(", ", tried.stream().map(Path::toString).distinct().toList()) + ")") + "; pass --data FILE");
  }
}
