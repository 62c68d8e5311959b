package dev.verdict.train;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How a table's rows fall into train / validation / holdout. A table that names each row's split in
 * {@code field} keeps it. A table without that column is split here: per label, the rows are shuffled with
 * {@code seed} (classes in sorted order, one {@link Random}) and cut at the ratios, so the same file, spec and
 * seed always give the same rows, and {@code evaluate} can re-derive the holdout.
 */
public record SplitRule(String field, double train, double validation, double holdout, long seed) {
  public static final List<String> NAMES = List.of("train", "validation", "holdout");
  /** Fewer rows than this and a class cannot appear in all three splits. */
  public static final int MIN_CLASS_ROWS = 3;

  /** The spec's {@code split} block: {@code {"field": "split", "ratios": {"train": 0.7, ...}}}. */
  public static SplitRule of(JsonObject block, long seed) {
    JsonObject b = block == null ? new JsonObject() : block;
    JsonObject r = b.getJsonObject("ratios", new JsonObject());
    SplitRule rule = new SplitRule(b.getString("field", "split"), r.getDouble("train", 0.70),
        r.getDouble("validation", 0.15), r.getDouble("holdout", 0.15), b.getLong("seed", seed));
    for (double d : new double[] {rule.train, rule.validation, rule.holdout}) {
      if (!(d > 0 && d < 1)) {
        throw new IllegalArgumentException("split ratios must each lie strictly between 0 and 1, got " + r.encode());
      }
    }
    if (Math.abs(rule.train + rule.validation + rule.holdout - 1) > 1e-6) {
      throw new IllegalArgumentException("split ratios must add up to 1, got " + r.encode());
    }
    return rule;
  }

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("seed", seed).put("ratios", new JsonObject()
        .put("train", train).put("validation", validation).put("holdout", holdout));
  }

  private static List<String> deciles(List<String> labels) {
    double[] v = labels.stream().mapToDouble(Double::parseDouble).toArray();
    double[] sorted = v.clone();
    java.util.Arrays.sort(sorted);
    List<String> out = new ArrayList<>(v.length);
    for (double x : v) {
      // the decile of x: how many of the nine cut points lie at or below it
      int d = 0;
      for (int q = 1; q < 10; q++) {
        d += sorted[(int) ((long) q * (sorted.length - 1) / 10)] <= x ? 1 : 0;
      }
      out.add("decile-" + d);
    }
    return out;
  }

  public String describe() {
    return String.format("stratified by label, seed %d, ratios %.0f/%.0f/%.0f", seed, train * 100,
        validation * 100, holdout * 100);
  }

  /**
   * One split name per row, stratified by {@code labels}: by class, or for a numeric target (a regression) by
   * its decile, so each split sees the whole range.
   */
  public List<String> derive(List<String> labels) {
    if (TaskChoice.regressionLike(labels)) {
      labels = deciles(labels);
    }
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byClass.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(i);
    }
    List<String> small = new ArrayList<>();
    byClass.forEach((label, rows) -> {
      if (rows.size() < MIN_CLASS_ROWS) {
        small.add("\"" + label + "\" (" + rows.size() + ")");
      }
    });
    if (!small.isEmpty()) {
      throw new IllegalArgumentException("label " + String.join(", ", small) + " has too few rows to split: each"
          + " class needs at least " + MIN_CLASS_ROWS + " (one each for train, validation and holdout);"
          + " drop those rows, merge the label into another, or add a \"" + field + "\" column");
    }
    String[] out = new String[labels.size()];
    Random rnd = new Random(seed);
    byClass.values().forEach(rows -> {
      Collections.shuffle(rows, rnd);
      int n = rows.size();
      int hold = Math.max(1, (int) Math.round(n * holdout));
      int valid = Math.max(1, Math.min(n - hold - 1, (int) Math.round(n * validation)));
      for (int i = 0; i < n; i++) {
        out[rows.get(i)] = i < hold ? "holdout" : i < hold + valid ? "validation" : "train";
      }
    });
    return List.of(out);
  }
}
