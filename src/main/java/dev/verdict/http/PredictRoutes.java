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
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /predict[/batch]} (default model), {@code /models/{name}/predict[/batch]} and
 * {@code /models/{name}/versions/{v}/predict[/batch]}. The model is looked up per request, so versions loaded
 * or re-aliased while running are served without new routes. The gateway admits the request and chooses the
 * version that answers (the one named, or the aliases' stable or canary); the body is validated against that
 * version's schema, built once per version and cached on this event loop, and that version scores it.
 */
final class PredictRoutes {
  private final ModelRegistry registry;
  private final HttpSettings settings;
  private final ScoringGateway gateway;
  /** name@version → validators of that version; replaced when the version object changes (a reload). */
  private final Map<String, Validators> cache = new HashMap<>();

  /** A version and its body checks; the checks outlive a reload that leaves the schema as it was. */
  private record Validators(ModelVersion version, BodyChecks checks) {
  }

  private static final String VALIDATORS = "verdict.validators";

  /** The response cache's use on this event loop, or null when the cache is off. */
  private CachedAnswers cached;

  private PredictRoutes(ModelRegistry registry, HttpSettings settings, ScoringGateway gateway) {
    this.registry = registry;
    this.settings = settings;
    this.gateway = gateway;
  }

  static void mount(Vertx vertx, Router router, ModelRegistry registry, HttpSettings s, ScoringGateway gateway,
                    io.micrometer.core.instrument.MeterRegistry meters) {
    PredictRoutes p = new PredictRoutes(registry, s, gateway);
    ResponseCache shared = ResponseCache.shared(vertx, s.cacheMaxEntries(), s.cacheMaxBytes(), meters);
    CachedAnswers cached = shared == null ? null : new CachedAnswers(vertx, shared, meters, s.outcomes());
    p.cached = cached;
    // Schemas compiled at start for what is loaded now; versions loaded later are compiled on first use.
    registry.slots().values().forEach(slot -> slot.versions().values().forEach(p::validators));
    for (boolean batch : new boolean[] {false, true}) {
      String suffix = batch ? "/predict/batch" : "/predict";
      PredictHandler handler = new PredictHandler(gateway, batch, cached);
      p.mount(router.post(suffix), batch, handler);
      p.mount(router.post("/models/:name" + suffix), batch, handler);
      p.mount(router.post("/models/:name/versions/:version" + suffix), batch, handler);
    }
  }

  private void mount(Route route, boolean batch, PredictHandler handler) {
    route.handler(TimeoutHandler.create(settings.requestTimeoutMs(), 503))
        .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
        .handler(gateway::admit)
        .handler(ctx -> validate(ctx, route, batch))
        .handler(ctx -> {
          Validators vs = ctx.get(VALIDATORS);
          vs.checks().check(ctx, batch, vs.version().name());
        })
        .handler(handler);
  }

  private void validate(RoutingContext ctx, Route route, boolean batch) {
    ctx.put(RequestLog.ROUTE, route.getPath());
    String version = ctx.pathParam("version");
    ScoringGateway.Target t;
    try {
      t = gateway.target(ctx.pathParam("name"), version, ctx.request().getHeader("X-Routing-Key"));
    } catch (ScoringGateway.Refused r) {
      r.refusal.send(ctx);
      return;
    }
    ModelSlot slot = t.slot();
    ModelVersion v = t.version();
    ctx.put(FailureHandler.MODEL_KEY, v);
    // The same bytes as an earlier request: answered before parsing and validation, which are most of what
    // the event loop does for a request.
    if (cached != null && !batch && cached.answerBytes(ctx, slot, version)) {
      return;
    }
    ctx.put(PredictHandler.TARGET, t);
    Validators vs = validators(v);
    ctx.put(VALIDATORS, vs);
    vs.checks().handler(batch).handle(ctx);
  }

  private Validators validators(ModelVersion v) {
    String key = v.name() + "@" + v.version();
    Validators vs = cache.get(key);
    if (vs == null || vs.version() != v) {
      // A reload of a version whose schema did not change keeps its checks: building them again here, on the
      // event loop, is what a hot swap under load must not pay for.
      BodyChecks checks = vs != null && vs.checks().schema.equals(RequestSchemas.single(v)) ? vs.checks()
          : new BodyChecks(v, settings.maxBatch());
      vs = new Validators(v, checks);
      cache.put(key, vs);
    }
    return vs;
  }
}
