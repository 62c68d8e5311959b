package dev.verdict.http;

import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.validation.BodyProcessorException;
import io.vertx.ext.web.validation.RequestParameters;
import io.vertx.ext.web.validation.RequestPredicate;
import io.vertx.ext.web.validation.ValidationHandler;
import io.vertx.ext.web.validation.builder.Bodies;
import io.vertx.ext.web.validation.builder.ValidationHandlerBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.Schemas;

/**
 * One version's request-body checks, owned by one event loop. When the manifest's schemas compile
 * ({@link CompiledSchema}), vertx-web-validation parses the body and checks its JSON type, and the compiled
 * schema checks the rest; the full vertx-json-schema validator is built only when a body first needs it (a value
 * the compiled check cannot judge). Otherwise vertx-web-validation runs the whole schema.
 */
final class BodyChecks {
  final JsonObject schema;
  private final JsonObject batchSchema;
  private final ValidationHandler single;
  private final ValidationHandler batch;
  private final CompiledSchema compiledSingle;
  private final CompiledSchema compiledBatch;
  private Validator fullSingle;
  private Validator fullBatch;

  BodyChecks(ModelVersion v, int maxBatch) {
    schema = RequestSchemas.single(v);
    batchSchema = RequestSchemas.batch(v, maxBatch);
    CompiledSchema cs = CompiledSchema.compile(schema);
    CompiledSchema cb = CompiledSchema.compile(batchSchema);
    boolean compiled = cs != null && cb != null;
    compiledSingle = compiled ? cs : null;
    compiledBatch = compiled ? cb : null;
    single = handler(compiled ? new JsonObject().put("type", "object") : schema);
    batch = handler(compiled ? new JsonObject().put("type", "array") : batchSchema);
  }

  ValidationHandler handler(boolean isBatch) {
    return isBatch ? batch : single;
  }

  /** After the validation handler: the compiled schema's verdict, the full validator's where it is unsure. */
  void check(RoutingContext ctx, boolean isBatch, String model) {
    CompiledSchema compiled = isBatch ? compiledBatch : compiledSingle;
    if (compiled == null) {
      ctx.next();
      return;
    }
    RequestParameters params = ctx.get(ValidationHandler.REQUEST_CONTEXT_KEY);
    Object body = params.body().get();
    CompiledSchema.Result r = compiled.check(body);
    if (r == CompiledSchema.Result.UNSURE) {
      r = full(isBatch).validate(body).getValid() ? CompiledSchema.Result.VALID : CompiledSchema.Result.INVALID;
    }
    if (r == CompiledSchema.Result.VALID) {
      ctx.next();
    } else {
      // FailureHandler turns this into the 422 that names every offending field (from the model's pipeline)
      ctx.fail(400, BodyProcessorException.createValidationError("application/json",
          new IllegalArgumentException("request body does not match the schema of " + model)));
    }
  }

  private Validator full(boolean isBatch) {
    if (isBatch) {
      if (fullBatch == null) {
        fullBatch = Validator.create(JsonSchema.of(batchSchema), RequestSchemas.options());
      }
      return fullBatch;
    }
    if (fullSingle == null) {
      fullSingle = Validator.create(JsonSchema.of(schema), RequestSchemas.options());
    }
    return fullSingle;
  }

  /**
   * One repository per validator: vertx-web-validation builds a validator per request and copies every schema
   * of its repository into it, so a shared repository makes each request pay for every model's schemas; and
   * {@link ReusedValidator} builds that validator once instead of per request.
   */
  private static ValidationHandler handler(JsonObject schema) {
    return ValidationHandlerBuilder.create(new ReusedValidator(SchemaRepository.create(RequestSchemas.options())))
        .body(Bodies.json(Schemas.schema().fromJson(schema))).predicate(RequestPredicate.BODY_REQUIRED).build();
  }
}
