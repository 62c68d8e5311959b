package dev.verdict.model;

import dev.verdict.features.FeatureSpec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json} of one model version: identity, input schema, feature spec, labels, provenance and
 * holdout metrics. The feature spec is what makes the server encode exactly as the trainer did.
 */
public record Manifest(String name, String version, String created, List<String> labels, FeatureSpec features,
                       Objective objective, JsonObject json) {

  public static final String FILE = "manifest.json";

  public static Manifest read(Path versionDir) throws IOException {
    return read(versionDir, null);
  }

  public static Manifest read(Path versionDir, ModelFile model) throws IOException {
    Path file = versionDir.resolve(FILE);
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (RuntimeException e) {
      throw new IOException("invalid " + file + ": " + e.getMessage(), e);
    }
    return fromJson(json, model);
  }

  public static Manifest fromJson(JsonObject json) throws IOException {
    return fromJson(json, null);
  }

  /**
   * @param model what the model file says of itself: a classifier's labels default to {@code "0"}..{@code "K-1"}
   *              from it when the manifest names none; null when there is no model file to ask
   */
  public static Manifest fromJson(JsonObject json, ModelFile model) throws IOException {
    try {
      // A manifest that names no objective (hand-written, or older than the field) takes the model's own.
      Objective objective = json.getValue("objective") instanceof JsonObject o ? Objective.fromJson(o)
          : model != null ? model.objective() : Objective.fromJson(null);
      List<String> labels;
      if (objective.regression()) {
        labels = List.of();
      } else if (json.getValue("labels") instanceof io.vertx.core.json.JsonArray a) {
        labels = a.stream().map(String::valueOf).toList();
      } else if (json.getValue("labels") != null) {
        throw new IllegalArgumentException("\"labels\" must be an array of class names");
      } else if (model != null) {
        labels = DerivedManifest.defaultLabels(objective.kind() == Objective.Kind.BINARY ? 2 : model.numClass());
      } else {
        throw new IllegalArgumentException("missing \"labels\" (the class names, in class order)");
      }
      if (objective.classifier() && labels.size() < 2) {
        throw new IllegalArgumentException("a classifier needs at least two labels");
      }
      if (objective.kind() == Objective.Kind.BINARY && labels.size() != 2) {
        throw new IllegalArgumentException("a binary model has two labels, the manifest lists " + labels.size());
      }
      if (!(json.getValue("features") instanceof JsonObject features)) {
        throw new IllegalArgumentException("missing \"features\" (the input fields)");
      }
      return new Manifest(require(json, "name"), require(json, "version"), json.getString("created", ""),
          labels, FeatureSpecJson.parse(features), objective, json);
    } catch (RuntimeException e) {
      throw new IOException("invalid manifest: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }
  }

  private static String require(JsonObject json, String key) {
    String v = json.getString(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing \"" + key + "\"");
    }
    return v;
  }

  public JsonObject inputSchema() {
    return FeatureSpecJson.inputSchema(features);
  }

  /** The model file's SHA-256 this manifest was written for, or null (manifests older than the check). */
  public String modelSha256() {
    return json.getString("model_sha256");
  }

  /** True when no manifest.json was on disk and this one was derived from the model file at load. */
  public boolean derived() {
    return json.getBoolean("derived_at_load", false);
  }

  public JsonObject metrics() {
    return json.getJsonObject("metrics", new JsonObject());
  }
}
