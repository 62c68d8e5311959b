package dev.verdict.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

/**
 * {@code POST /predict[/batch]} (default model), {@code /models/{name}/predict[/batch]} and
 * {@code /models/{name}/versions/{v}/predict[/batch]}. The model is looked up per request, so versions loaded
 * or re-aliased while running are served without new routes. The gateway admits the request and chooses the
 * version that answers (the one named, or the aliases' stable or canary); the body is validated against that
 * version's schema, built once per version and cached on this event loop, and that version scores it.
 */
final class PredictRoutes {
  private final HttpSettings settings;
  private final ScoringGateway gateway;
  /** The response cache's use on this event loop, or null when the cache is off. */
  private CachedAnswers cached;

  private PredictRoutes(HttpSettings settings, ScoringGateway gateway) {
    this.settings = settings;
    this.gateway = gateway;
  }

  static void mount(Vertx vertx, Router router, HttpSettings s, ScoringGateway gateway, ResponseCache shared,
                    io.micrometer.core.instrument.MeterRegistry meters) {
    PredictRoutes p = new PredictRoutes(s, gateway);
    p.cached = shared == null ? null : new CachedAnswers(vertx, shared, meters, s.outcomes());
    for (boolean batch : new boolean[] {false, true}) {
      String suffix = batch ? "/predict/batch" : "/predict";
      PredictHandler handler = new PredictHandler(gateway, batch, p.cached);
      p.mount(router.post(suffix), batch, handler);
      p.mount(router.post("/models/:name" + suffix), batch, handler);
      p.mount(router.post("/models/:name/versions/:version" + suffix), batch, handler);
    }
  }

  private void mount(Route route, boolean batch, PredictHandler handler) {
    route.handler(TimeoutHandler.create(settings.requestTimeoutMs(), 503))
        .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
        .handler(gateway::admit)
        .handler(ctx -> target(ctx, route, batch))
        .handler(handler);
  }

  /** The version that answers, chosen once; then the cache, or the record check against that version. */
  private void target(RoutingContext ctx, Route route, boolean batch) {
    ctx.put(RequestLog.ROUTE, route.getPath());
    String version = ctx.pathParam("version");
    ScoringGateway.Target t;
    try {
      t = gateway.target(ctx.pathParam("name"), version, ctx.request().getHeader("X-Routing-Key"));
    } catch (ScoringGateway.Refused r) {
      r.refusal.send(ctx);
      return;
    }
    ctx.put(FailureHandler.MODEL_KEY, t.version());
    // The same bytes as an earlier request: answered before parsing and checking, which are most of what the
    // event loop does for a request.
    if (cached != null && !batch && cached.answerBytes(ctx, t.slot(), version)) {
      return;
    }
    ctx.put(PredictHandler.TARGET, t);
    if (RecordCheck.check(ctx, t.version(), batch, settings.maxBatch())) {
      ctx.next();
    }
  }
}
