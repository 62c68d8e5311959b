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

  /** One record: the model's named fields, or for all-numeric models also {@code {"features": [..]}}. */
  public static JsonObject single(ModelVersion v) {
    JsonObject record = v.manifest().inputSchema();
    if (!v.manifest().features().allNumeric()) {
      return record;
    }
    int n = v.manifest().features().fields().size();
    JsonObject positional = new JsonObject().put("type", "object").put("required", new JsonArray().add("features"))
        .put("properties", new JsonObject().put("features", new JsonObject().put("type", "array")
            .put("items", new JsonObject().put("type", "number")).put("minItems", n).put("maxItems", n)));
    return new JsonObject().put("anyOf", new JsonArray().add(positional).add(record));
  }

  public static JsonObject batch(ModelVersion v, int maxBatch) {
    return new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", maxBatch)
        .put("items", single(v));
  }
}
