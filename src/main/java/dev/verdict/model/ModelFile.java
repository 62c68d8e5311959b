package dev.verdict.model;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a LightGBM text model says about itself, read without the native library: objective, classes, feature
 * names and ranges, the categories pandas coded, which features the trees send NaN down a learned branch for,
 * and the file's SHA-256. Everything a model directory without a manifest is served from.
 *
 * @param featureInfos per feature, LightGBM's token: {@code [min:max]}, {@code none}, or {@code a:b:c} categories
 * @param pandasCategorical per categorical column in column order, its categories (empty when none)
 * @param missingLearned per feature: some split on it has missing type NaN (it was trained with missing values)
 */
public record ModelFile(int numClass, Objective objective, List<String> featureNames, List<String> featureInfos,
                        List<List<String>> pandasCategorical, boolean[] missingLearned, String sha256) {

  public static ModelFile read(Path modelTxt) throws IOException {
    byte[] bytes = Files.readAllBytes(modelTxt);
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, String> header = new HashMap<>();
    String[] lines = text.split("\n");
    int i = 0;
    for (; i < lines.length && !lines[i].startsWith("Tree="); i++) {
      int eq = lines[i].indexOf('=');
      if (eq > 0) {
        header.put(lines[i].substring(0, eq).strip(), lines[i].substring(eq + 1).strip());
      }
    }
    if (!header.containsKey("num_class") || !header.containsKey("max_feature_idx")) {
      throw new IOException(modelTxt.getFileName() + " is not a LightGBM text model (no num_class / max_feature_idx)");
    }
    int numClass = Integer.parseInt(header.get("num_class"));
    int numFeatures = Integer.parseInt(header.get("max_feature_idx")) + 1;
    List<String> names = split(header.get("feature_names"), numFeatures, "Column_");
    List<String> infos = split(header.get("feature_infos"), numFeatures, null);
    boolean[] missing = new boolean[numFeatures];
    String splitFeatures = null;
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("split_feature=")) {
        splitFeatures = line.substring("split_feature=".length()).strip();
      } else if (line.startsWith("decision_type=") && splitFeatures != null) {
        String[] f = splitFeatures.split(" ");
        String[] d = line.substring("decision_type=".length()).strip().split(" ");
        for (int n = 0; n < Math.min(f.length, d.length); n++) {
          // Bits 2-3 of a node's decision type: its missing type (2 = NaN goes down the default branch).
          if (((Integer.parseInt(d[n]) >> 2) & 3) == 2) {
            missing[Integer.parseInt(f[n])] = true;
          }
        }
        splitFeatures = null;
      } else if (line.startsWith("Tree=")) {
        splitFeatures = null;
      }
    }
    return new ModelFile(numClass, Objective.parse(header.getOrDefault("objective", ""), numClass), names, infos,
        pandasCategorical(text), missing, sha256(bytes));
  }

  private static List<String> split(String v, int n, String defaultPrefix) throws IOException {
    if (v == null || v.isBlank()) {
      List<String> out = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        out.add(defaultPrefix == null ? "none" : defaultPrefix + k);
      }
      return out;
    }
    List<String> out = Arrays.asList(v.split(" "));
    if (out.size() != n) {
      throw new IOException("model.txt lists " + out.size() + " feature names/infos for " + n + " features");
    }
    return out;
  }

  private static List<List<String>> pandasCategorical(String text) throws IOException {
    int at = text.lastIndexOf("\npandas_categorical:");
    if (at < 0) {
      return List.of();
    }
    int eol = text.indexOf('\n', at + 1);
    String json = text.substring(at + "\npandas_categorical:".length(), eol < 0 ? text.length() : eol).strip();
    if (json.isEmpty() || "null".equals(json)) {
      return List.of();
    }
    try {
      List<List<String>> out = new ArrayList<>();
      for (Object col : new JsonArray(json)) {
        List<String> cats = new ArrayList<>();
        for (Object c : (JsonArray) col) {
          cats.add(String.valueOf(c));
        }
        out.add(List.copyOf(cats));
      }
      return List.copyOf(out);
    } catch (RuntimeException e) {
      throw new IOException("model.txt has an unreadable pandas_categorical line: " + e.getMessage(), e);
    }
  }

  /** Hex SHA-256 of bytes: model files here, training tables in {@code TrainingData}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  public int numFeatures() {
    return featureNames.size();
  }

  /** Whether feature {@code i} is categorical in the model ({@code feature_infos} lists its category values). */
  public boolean categorical(int i) {
    String info = featureInfos.get(i);
    return !info.startsWith("[") && !"none".equals(info);
  }

  /** The category values LightGBM saw for a categorical feature (integer codes), in file order. */
  public List<Integer> categoryCodes(int i) {
    return Arrays.stream(featureInfos.get(i).split(":")).map(Integer::parseInt).toList();
  }

  /** {@code [min, max]} of a numeric feature in training, or null when the model never split on it. */
  public double[] range(int i) {
    return range(featureInfos.get(i));
  }

  /** {@code [min, max]} of one {@code feature_infos} token, or null when it is not a numeric range. */
  public static double[] range(String info) {
    if (!info.startsWith("[") || !info.endsWith("]")) {
      return null;
    }
    String[] mm = info.substring(1, info.length() - 1).split(":");
    return new double[] {Double.parseDouble(mm[0]), Double.parseDouble(mm[1])};
  }

  /** Whether the names are LightGBM's defaults ({@code Column_0}...): the model was trained without names. */
  public boolean unnamed() {
    for (int k = 0; k < featureNames.size(); k++) {
      if (!featureNames.get(k).equals("Column_" + k)) {
        return false;
      }
    }
    return true;
  }
}
