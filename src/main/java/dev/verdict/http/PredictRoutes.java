package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.core.json.JsonObject;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /predict[/batch]} (default model), {@code /models/{name}/predict[/batch]} and
 * {@code /models/{name}/versions/{v}/predict[/batch]}. The model is looked up per request, so versions loaded
 * or re-aliased while running are served without new routes; the body is validated against the schema of the
 * version that will answer (stable, or the one named), built once per version and cached on this event loop.
 */
final class PredictRoutes {
  private final ModelRegistry registry;
  private final HttpSettings settings;
  private final RateLimit rateLimit;
  /** name@version → validators of that version; replaced when the version object changes (a reload). */
  private final Map<String, Validators> cache = new HashMap<>();

  /**
   * One version's body checks. When its schemas compile ({@link CompiledSchema}), vertx-web-validation parses the
   * body and checks its JSON type, and the compiled schema checks the rest; {@code full*} answer what the compiled
   * check is unsure of. Otherwise the validation handlers run the whole schema and the compiled fields are null.
   */
  private record Validators(ModelVersion version, JsonObject schema, ValidationHandler single, ValidationHandler batch,
                            CompiledSchema compiledSingle, CompiledSchema compiledBatch, Validator fullSingle,
                            Validator fullBatch) {
  }

  private static final String VALIDATORS = "verdict.validators";

  private PredictRoutes(Vertx vertx, ModelRegistry registry, HttpSettings settings) {
    this.registry = registry;
    this.settings = settings;
    this.rateLimit = RateLimit.shared(vertx, settings.http().getInteger("rate_limit_per_s", 0),
        settings.http().getInteger("rate_limit_burst", 0));
  }

  static void mount(Vertx vertx, Router router, ModelRegistry registry, HttpSettings s, AtomicInteger inFlight) {
    PredictRoutes p = new PredictRoutes(vertx, registry, s);
    // Schemas compiled at start for what is loaded now; versions loaded later are compiled on first use.
    registry.slots().values().forEach(slot -> slot.versions().values().forEach(p::validators));
    for (boolean batch : new boolean[] {false, true}) {
      String suffix = batch ? "/predict/batch" : "/predict";
      PredictHandler handler = new PredictHandler(vertx.eventBus(), batch, s.sendTimeoutMs(), inFlight, s.maxInFlight());
      p.mount(router.post(suffix), batch, handler);
      p.mount(router.post("/models/:name" + suffix), batch, handler);
      p.mount(router.post("/models/:name/versions/:version" + suffix), batch, handler);
    }
  }

  private void mount(Route route, boolean batch, PredictHandler handler) {
    route.handler(TimeoutHandler.create(settings.requestTimeoutMs(), 503))
        .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    if (rateLimit != null) {
      route.handler(rateLimit);
    }
    route.handler(ctx -> validate(ctx, route, batch))
        .handler(ctx -> compiledCheck(ctx, batch))
        .handler(handler);
  }

  private void validate(RoutingContext ctx, Route route, boolean batch) {
    ctx.put(RequestLog.ROUTE, route.getPath());
    String name = ctx.pathParam("name");
    ModelSlot slot = registry.slot(name == null ? settings.defaultModel() : name);
    if (slot == null) {
      if (name == null) {
        FailureHandler.send(ctx, 503, FailureHandler.error("no model is ready to serve (default model: "
            + settings.defaultModel() + ")"));
      } else {
        FailureHandler.send(ctx, 404, FailureHandler.error("unknown model: " + name));
      }
      return;
    }
    String version = ctx.pathParam("version");
    ModelVersion v = version == null ? slot.stable() : slot.versions().get(version);
    if (v == null) {
      FailureHandler.send(ctx, 404, FailureHandler.error("model " + slot.name() + " has no loaded version " + version
          + " (loaded: " + String.join(", ", slot.versions().keySet()) + ")"));
      return;
    }
    ctx.put(FailureHandler.MODEL_KEY, v);
    ctx.put(PredictHandler.TARGET, new String[] {slot.name(), version});
    Validators vs = validators(v);
    ctx.put(VALIDATORS, vs);
    (batch ? vs.batch() : vs.single()).handle(ctx);
  }

  private static void compiledCheck(RoutingContext ctx, boolean batch) {
    Validators vs = ctx.get(VALIDATORS);
    CompiledSchema compiled = batch ? vs.compiledBatch() : vs.compiledSingle();
    if (compiled == null) {
      ctx.next();
      return;
    }
    RequestParameters params = ctx.get(ValidationHandler.REQUEST_CONTEXT_KEY);
    Object body = params.body().get();
    CompiledSchema.Result r = compiled.check(body);
    if (r == CompiledSchema.Result.UNSURE) {
      r = (batch ? vs.fullBatch() : vs.fullSingle()).validate(body).getValid()
          ? CompiledSchema.Result.VALID : CompiledSchema.Result.INVALID;
    }
    if (r == CompiledSchema.Result.VALID) {
      ctx.next();
    } else {
      // FailureHandler turns this into the 422 that names every offending field (from the model's pipeline)
      ctx.fail(400, BodyProcessorException.createValidationError("application/json",
          new IllegalArgumentException("request body does not match the schema of " + vs.version().name())));
    }
  }

  /**
   * One repository per validator: vertx-web-validation builds a validator per request and copies every schema
   * of its repository into it, so a shared repository makes each request pay for every model's schemas.
   */
  private static SchemaRepository repository() {
    return SchemaRepository.create(RequestSchemas.options());
  }

  private Validators validators(ModelVersion v) {
    String key = v.name() + "@" + v.version();
    Validators vs = cache.get(key);
    if (vs != null && vs.version() != v && vs.schema().equals(RequestSchemas.single(v))) {
      // A reload of a version whose schema did not change keeps its compiled checks: compiling them again
      // here, on the event loop, is what a hot swap under load must not pay for.
      vs = new Validators(v, vs.schema(), vs.single(), vs.batch(), vs.compiledSingle(), vs.compiledBatch(),
          vs.fullSingle(), vs.fullBatch());
      cache.put(key, vs);
    }
    if (vs == null || vs.version() != v) {
      JsonObject single = RequestSchemas.single(v);
      JsonObject batch = RequestSchemas.batch(v, settings.maxBatch());
      CompiledSchema cs = CompiledSchema.compile(single);
      CompiledSchema cb = CompiledSchema.compile(batch);
      boolean compiled = cs != null && cb != null;
      vs = new Validators(v, single, handler(compiled ? new JsonObject().put("type", "object") : single),
          handler(compiled ? new JsonObject().put("type", "array") : batch), compiled ? cs : null,
          compiled ? cb : null, compiled ? Validator.create(JsonSchema.of(single), RequestSchemas.options()) : null,
          compiled ? Validator.create(JsonSchema.of(batch), RequestSchemas.options()) : null);
      cache.put(key, vs);
    }
    return vs;
  }

  private static ValidationHandler handler(JsonObject schema) {
    return ValidationHandlerBuilder.create(repository()).body(Bodies.json(Schemas.schema().fromJson(schema)))
        .predicate(RequestPredicate.BODY_REQUIRED).build();
  }
}
