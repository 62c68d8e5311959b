package dev.verdict.train;

import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.InvalidInputException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A JSON-lines table: one record per line, the label in {@code labelField}, each row's split in the rule's
 * field or, when no row has that field, derived by {@link SplitRule}. Rows without a label, that are not JSON
 * objects, or that the pipeline cannot encode are skipped and counted; {@code lines} keeps each kept row's line
 * number in the file.
 */
public record TrainingData(Path file, String sha256, List<Map<String, Object>> records, List<String> labels,
                           List<String> splits, List<Integer> lines, List<FeatureVector> vectors,
                           SkippedRows skipped, boolean derivedSplit, SplitRule rule) {

  /** A table whose rows carry their split: the committed data sets, read without a pipeline. */
  public static TrainingData read(Path file, String labelField) throws IOException {
    return load(file, labelField, null, SplitRule.of(null, 42));
  }

  public static TrainingData load(Path file, String labelField, FeaturePipeline pipeline, SplitRule rule)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Map<String, Object>> records = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> splits = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<FeatureVector> vectors = pipeline == null ? null : new ArrayList<>();
    SkippedRows skipped = new SkippedRows();
    int line = 0;
    int withSplit = 0;
    for (String s : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      JsonObject o;
      try {
        o = new JsonObject(s);
      } catch (RuntimeException e) {
        skipped.add("not a JSON object", line);
        continue;
      }
      Object label = o.getValue(labelField);
      if (label == null || label instanceof JsonObject || label instanceof io.vertx.core.json.JsonArray) {
        skipped.add("no label \"" + labelField + "\"", line);
        continue;
      }
      Object split = o.getValue(rule.field());
      if (split != null && !SplitRule.NAMES.contains(split)) {
        skipped.add("\"" + rule.field() + "\" is not train, validation or holdout", line);
        continue;
      }
      if (pipeline != null) {
        try {
          vectors.add(pipeline.encode(o.getMap()));
        } catch (InvalidInputException e) {
          skipped.add(e.getMessage(), line);
          continue;
        }
      }
      withSplit += split == null ? 0 : 1;
      labels.add(label.toString());
      splits.add((String) split);
      records.add(o.getMap());
      lines.add(line);
    }
    if (records.isEmpty()) {
      throw new IOException(file + ": no usable rows" + (skipped.count() > 0 ? " (" + skipped.summary() + ")" : ""));
    }
    boolean derived = withSplit == 0;
    if (!derived && withSplit < records.size()) {
      throw new IOException(file + ": \"" + rule.field() + "\" is set on " + withSplit + " of " + records.size()
          + " rows; set it on every row, or on none to have train split the table itself");
    }
    List<String> finalSplits = derived ? rule.derive(labels) : splits;
    return new TrainingData(file, dev.verdict.model.ModelFile.sha256(bytes), records, labels, finalSplits, lines, vectors, skipped, derived, rule);
  }

  /** Sorted distinct labels: the class order of every model trained on this table. */
  public List<String> classes() {
    return new ArrayList<>(new TreeSet<>(labels));
  }

  public List<Integer> indicesOf(String split) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      if (splits.get(i).equals(split)) {
        idx.add(i);
      }
    }
    return idx;
  }

  /** What the manifest records: where the split came from and how many rows each got. */
  public JsonObject splitJson() {
    JsonObject counts = new JsonObject();
    SplitRule.NAMES.forEach(n -> counts.put(n, indicesOf(n).size()));
    return new JsonObject().put("source", derived() ? "derived" : "column")
        .put("rule", derived() ? rule.describe() : "each row's \"" + rule.field() + "\" field")
        .mergeIn(rule.toJson()).put("counts", counts);
  }

  private boolean derived() {
    return derivedSplit;
  }
}
