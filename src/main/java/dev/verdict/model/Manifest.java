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
                       JsonObject json) {

  public static final String FILE = "manifest.json";

  public static Manifest read(Path versionDir) throws IOException {
    Path file = versionDir.resolve(FILE);
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (RuntimeException e) {
      throw new IOException("invalid " + file + ": " + e.getMessage(), e);
    }
    return fromJson(json);
  }

  public static Manifest fromJson(JsonObject json) throws IOException {
    try {
      List<String> labels = json.getJsonArray("labels").stream().map(Object::toString).toList();
      if (labels.size() < 2) {
        throw new IllegalArgumentException("a classifier needs at least two labels");
      }
      return new Manifest(require(json, "name"), require(json, "version"), json.getString("created", ""),
          labels, FeatureSpecJson.parse(json.getJsonObject("features")), json);
    } catch (RuntimeException e) {
      throw new IOException("invalid manifest: " + e.getMessage(), e);
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

  public JsonObject metrics() {
    return json.getJsonObject("metrics", new JsonObject());
  }
}
