package dev.verdict.app;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.InvalidInputException;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.Metrics;
import dev.verdict.train.TrainSpec;
import dev.verdict.train.Trainer;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The offline commands: {@code train}, {@code evaluate}, {@code features}. */
final class Commands {
  private Commands() {
  }

  static int train(Args a) throws Exception {
    Path out = Path.of(a.require("out"));
    Path spec = Path.of(a.get("spec", "conf/train/" + out.toAbsolutePath().getParent().getFileName() + ".json"));
    new Trainer(System.err).train(TrainSpec.read(spec), Path.of(a.require("data")), out);
    return 0;
  }

  static int evaluate(Args a) throws Exception {
    ModelVersion v = ModelVersion.open(Path.of(a.require("model")));
    JsonObject training = v.manifest().json().getJsonObject("training", new JsonObject());
    Path data = Path.of(a.get("data", "data/" + training.getString("data", "")));
    String split = a.get("split", "holdout");
    TrainingData table = TrainingData.read(data, training.getString("label", "label"));
    List<Integer> rows = "all".equals(split) ? allRows(table) : table.indicesOf(split);
    if (rows.isEmpty()) {
      System.err.println("no rows in split '" + split + "' of " + data);
      return 1;
    }
    int k = v.labels().size();
    List<FeatureVector> vectors = new ArrayList<>();
    int[] y = new int[rows.size()];
    for (int i = 0; i < y.length; i++) {
      vectors.add(v.pipeline().encode(table.records().get(rows.get(i))));
      y[i] = v.labels().indexOf(table.labels().get(rows.get(i)));
      if (y[i] < 0) {
        System.err.println("row " + (rows.get(i) + 1) + ": label not known to the model: " + table.labels().get(rows.get(i)));
        return 1;
      }
    }
    Map<String, Metrics> results = new LinkedHashMap<>();
    try (LightGbmScorer scorer = v.openScorer()) {
      double[][] p = new double[y.length][];
      for (int i = 0; i < y.length; i++) {
        p[i] = scorer.predict(vectors.get(i));
      }
      results.put("primary", Metrics.of(p, y, k));
    }
    for (FallbackModel f : Fallbacks.load(v).values()) {
      double[][] p = new double[y.length][];
      for (int i = 0; i < y.length; i++) {
        p[i] = f.predictProba(vectors.get(i), table.records().get(rows.get(i)));
      }
      results.put(f.kind(), Metrics.of(p, y, k));
    }
    PrintStream o = System.out;
    o.printf("%s/%s on %s (%s, %d rows)%n%n", v.name(), v.version(), data, split, y.length);
    o.printf("%-20s %9s %9s %9s%n", "model", "accuracy", "macro-F1", "log-loss");
    results.forEach((name, m) -> o.printf("%-20s %9.4f %9.4f %9.4f%n", name, m.accuracy(), m.macroF1(), m.logLoss()));
    o.printf("%nper-class F1%n%-30s", "class");
    results.keySet().forEach(name -> o.printf(" %14s", name.length() > 14 ? name.substring(0, 14) : name));
    o.println();
    for (int c = 0; c < k; c++) {
      o.printf("%-30s", v.labels().get(c));
      final int cc = c;
      results.values().forEach(m -> o.printf(" %14.4f", m.f1()[cc]));
      o.println();
    }
    if (!a.flag("no-shifts")) {
      List<Map<String, Object>> records = rows.stream().map(table.records()::get).toList();
      dev.verdict.train.ShiftReport.print(o, v, records, y);
    }
    return 0;
  }

  static int features(Args a) throws Exception {
    ModelVersion v = ModelVersion.open(Path.of(a.require("model")));
    int line = 0;
    int bad = 0;
    try (BufferedReader in = Files.newBufferedReader(Path.of(a.require("input")), StandardCharsets.UTF_8)) {
      for (String s; (s = in.readLine()) != null; ) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        try {
          double[] dense = v.pipeline().encode(new JsonObject(s).getMap()).toDense();
          JsonArray arr = new JsonArray();
          for (double d : dense) {
            arr.add(Double.isNaN(d) ? null : d);
          }
          System.out.println(arr.encode());
        } catch (InvalidInputException e) {
          bad++;
          System.err.println("line " + line + ": " + e.errors());
        } catch (RuntimeException e) {
          bad++;
          System.err.println("line " + line + ": not a JSON object: " + e.getMessage());
        }
      }
    }
    return bad == 0 ? 0 : 1;
  }

  private static List<Integer> allRows(TrainingData t) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < t.records().size(); i++) {
      all.add(i);
    }
    return all;
  }
}
