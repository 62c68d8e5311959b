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

  /** How request bodies are validated (routes and start-up warm-up alike). */
  public static JsonSchemaOptions options() {
    return new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://")
        // Field-level messages come from the model's pipeline (FailureHandler): the validator only says yes/no.
        .setOutputFormat(OutputFormat.Flag);
  }

  /**
   * One record. A model of one column per field (named fields, the DataFrame names LightGBM rewrote, or
   * {@code {"features": [..]}}) is checked field by field by its pipeline on the worker, the one authority that
   * knows those names: here it only has to be an object.
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
