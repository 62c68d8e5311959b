package dev.verdict.train;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A JSONL table: one record per line, the label in {@code labelField}, the split in {@code split}
 * ({@code train}, {@code validation}, {@code holdout}; assigned once, with a fixed seed, by
 * {@code data/derive.py}).
 */
public record TrainingData(Path file, String sha256, List<Map<String, Object>> records, List<String> labels,
                           List<String> splits) {

  public static TrainingData read(Path file, String labelField) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Map<String, Object>> records = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> splits = new ArrayList<>();
    int line = 0;
    for (String s : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      JsonObject o;
      try {
        o = new JsonObject(s);
      } catch (RuntimeException e) {
        throw new IOException(file + ":" + line + ": not JSON: " + e.getMessage(), e);
      }
      String label = o.getString(labelField);
      if (label == null) {
        throw new IOException(file + ":" + line + ": no label \"" + labelField + "\"");
      }
      labels.add(label);
      splits.add(o.getString("split", "train"));
      records.add(o.getMap());
    }
    return new TrainingData(file, sha256(bytes), records, labels, splits);
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
