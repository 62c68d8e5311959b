package dev.verdict.train;

import dev.verdict.features.FeatureSpec;
import dev.verdict.model.FeatureSpecJson;
import dev.verdict.model.JsonFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What to train: model name, label field, feature spec and hyper-parameters, read from a JSON file under
 * {@code conf/train/}. Everything random is seeded from {@code seed}.
 */
public record TrainSpec(String name, String description, String label, long seed, FeatureSpec features,
                        JsonObject lightgbm, int maxRounds, int earlyStoppingRounds, int forestTrees, int forestMtry, int forestMaxDepth, int forestMinColumnRows,
                        int ruleMinSupport, double ruleMinPrecision, SplitRule split, JsonObject json, Path file) {

  public static TrainSpec read(Path file) throws IOException {
    JsonObject j = JsonFiles.readObject(file);
    try {
      return of(j, file);
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a valid training spec: " + e.getMessage(), e);
    }
  }

  static TrainSpec of(JsonObject j, Path file) {
    for (String key : new String[] {"name", "label"}) {
      if (!(j.getValue(key) instanceof String s) || s.isBlank()) {
        throw new IllegalArgumentException("\"" + key + "\" (a string) is required");
      }
    }
    if (!(j.getValue("features") instanceof JsonObject)) {
      throw new IllegalArgumentException("\"features\" (an object with \"fields\") is required");
    }
    JsonObject rf = j.getJsonObject("random_forest", new JsonObject());
    JsonObject rules = j.getJsonObject("rules", new JsonObject());
    return new TrainSpec(j.getString("name"), j.getString("description", ""), j.getString("label"),
        j.getLong("seed", 42L), FeatureSpecJson.parse(j.getJsonObject("features")),
        j.getJsonObject("lightgbm", new JsonObject()), j.getInteger("max_rounds", 1000),
        j.getInteger("early_stopping_rounds", 50), rf.getInteger("trees", 200), rf.getInteger("mtry", 0), rf.getInteger("max_depth", 40), rf.getInteger("min_column_rows", 2),
        rules.getInteger("min_support", 3), rules.getDouble("min_precision", 0.7),
        SplitRule.of(j.getJsonObject("split"), j.getLong("seed", 42L)), j, file);
  }

  /** The spec's {@code objective} (multiclass, binary, or a LightGBM regression objective), or null: inferred. */
  public String objective() {
    return json.getValue("objective") instanceof String o ? o : null;
  }
}
