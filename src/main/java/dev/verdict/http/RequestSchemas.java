package dev.verdict.http;

import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;

/** JSON Schemas of request bodies, derived from a model's manifest (its feature spec). */
public final class RequestSchemas {
  private RequestSchemas() {
  }

  /** How the fixed-shape bodies (aliases) are validated by vertx-web-validation. */
  public static JsonSchemaOptions options() {
    return new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://").setOutputFormat(OutputFormat.Basic);
  }

  /** {@code POST /models/{name}/aliases}: the fields of aliases.json, each optional (left out keeps its value). */
  public static JsonObject aliases() {
    JsonObject version = new JsonObject().put("type", new JsonArray().add("string").add("null")).put("minLength", 1);
    return new JsonObject().put("type", "object").put("additionalProperties", false)
        .put("properties", new JsonObject().put("stable", version).put("canary", version).put("shadow", version)
            .put("canary_weight", new JsonObject().put("type", "number").put("minimum", 0).put("maximum", 1))
            .put("canary_guard", new JsonObject().put("type", new JsonArray().add("object").add("null"))));
  }

  /**
   * One record, as /openapi.json documents it; the door checks records with the model's own pipeline
   * ({@code FeaturePipeline.check}). A model of one column per field takes named fields, the DataFrame names
   * LightGBM rewrote, or {@code {"features": [..]}}: documented as an object.
   */
  public static JsonObject single(ModelVersion v) {
    if (v.manifest().features().columnar()) {
      return new JsonObject().put("type", "object");
    }
    return v.manifest().inputSchema();
  }

  public static JsonObject batch(ModelVersion v, int maxBatch) {
    return new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", maxBatch)
        .put("items", single(v));
  }
}
