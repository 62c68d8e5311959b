package dev.verdict.model;

import dev.verdict.features.CrossSpec;
import dev.verdict.features.FeatureSpec;
import dev.verdict.features.FieldSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the {@code features} section of a manifest, and derives the JSON Schema of its input. */
public final class FeatureSpecJson {
  private FeatureSpecJson() {
  }

  public static FeatureSpec parse(JsonObject json) {
    List<FieldSpec> fields = new ArrayList<>();
    for (Object o : json.getJsonArray("fields")) {
      JsonObject f = (JsonObject) o;
      boolean required = f.getBoolean("required", false);
      JsonArray cats = f.getJsonArray("categories");
      fields.add(new FieldSpec(f.getString("name"), f.getString("type"), required,
          f.getInteger("buckets", 0), f.getString("transform", "none"), f.getDouble("min"), f.getDouble("max"),
          f.getInteger("max_length", 1000), f.getBoolean("nullable", !required),
          cats == null ? null : cats.stream().map(String::valueOf).toList()));
    }
    List<CrossSpec> crosses = new ArrayList<>();
    for (Object o : json.getJsonArray("crosses", new JsonArray())) {
      JsonObject c = (JsonObject) o;
      JsonArray e = c.getJsonArray("edges");
      double[] edges = new double[e.size()];
      for (int i = 0; i < edges.length; i++) {
        edges[i] = e.getDouble(i);
      }
      crosses.add(new CrossSpec(c.getString("name"), c.getString("categorical"), c.getString("number"), edges,
          c.getInteger("buckets")));
    }
    return new FeatureSpec(json.getInteger("seed", 1), json.getInteger("ngrams", 1), json.getInteger("prefix", 0),
        json.getInteger("max_tokens", 256), fields, crosses);
  }

  public static JsonObject toJson(FeatureSpec spec) {
    JsonArray fields = new JsonArray();
    for (FieldSpec f : spec.fields()) {
      JsonObject j = new JsonObject().put("name", f.name()).put("type", f.type()).put("required", f.required());
      if (f.nullable() == f.required()) {
        j.put("nullable", f.nullable());
      }
      if (f.isCategory()) {
        j.put("categories", new JsonArray(f.categories()));
      } else if (f.isHashed()) {
        j.put("buckets", f.buckets()).put("max_length", f.maxLength());
      } else {
        j.put("transform", f.transform());
        if (f.min() != null) {
          j.put("min", f.min());
        }
        if (f.max() != null) {
          j.put("max", f.max());
        }
      }
      fields.add(j);
    }
    JsonArray crosses = new JsonArray();
    for (CrossSpec c : spec.crosses()) {
      JsonArray edges = new JsonArray();
      for (double e : c.edges()) {
        edges.add(e);
      }
      crosses.add(new JsonObject().put("name", c.name()).put("categorical", c.categorical())
          .put("number", c.number()).put("edges", edges).put("buckets", c.buckets()));
    }
    return new JsonObject().put("seed", spec.seed()).put("ngrams", spec.ngrams()).put("prefix", spec.prefix())
        .put("max_tokens", spec.maxTokens()).put("fields", fields).put("crosses", crosses);
  }

  /**
   * JSON Schema (draft 2020-12) of one input record. Unknown fields are accepted and ignored, so callers
   * can send richer records than a model uses.
   */
  public static JsonObject inputSchema(FeatureSpec spec) {
    JsonObject props = new JsonObject();
    JsonArray required = new JsonArray();
    for (FieldSpec f : spec.fields()) {
      String type = f.isHashed() ? "string" : FieldSpec.INTEGER.equals(f.type()) ? "integer" : "number";
      // Type arrays rather than anyOf for optional fields: same meaning, half the validator's work.
      JsonObject p = new JsonObject().put("type", f.nullable() ? new JsonArray().add(type).add("null") : type);
      if (f.isCategory()) {
        JsonArray types = new JsonArray().add("string").add("integer");
        p.put("type", f.nullable() ? types.add("null") : types).put("examples", new JsonArray(f.categories()));
      } else if (f.isHashed()) {
        p.put("maxLength", f.maxLength());
        if (f.required()) {
          p.put("minLength", 1);
        }
      } else {
        if (f.min() != null) {
          p.put("minimum", f.min());
        }
        if (f.max() != null) {
          p.put("maximum", f.max());
        }
      }
      props.put(f.name(), p);
      if (f.required()) {
        required.add(f.name());
      }
    }
    return new JsonObject().put("type", "object").put("properties", props).put("required", required);
  }
}
