package dev.verdict.http;

import dev.verdict.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /drift}, {@code GET /models/{name}/drift}, {@code POST /drift/reset} (admin): all over the bus. */
final class DriftRoutes {
  private DriftRoutes() {
  }

  static void mount(Router router, EventBus bus, AdminAuth admin) {
    // ?scope=cluster merges every node's latest report (shared through the cluster's async map)
    router.get("/drift").handler(ctx -> ask(ctx, bus, Addresses.DRIFT_REPORT,
        new JsonObject().put("scope", ctx.queryParams().get("scope"))));
    router.get("/models/:name/drift").handler(ctx -> ask(ctx, bus, Addresses.DRIFT_REPORT,
        new JsonObject().put("model", ctx.pathParam("name")).put("scope", ctx.queryParams().get("scope"))));
    router.post("/drift/reset").handler(admin).handler(ctx -> ask(ctx, bus, Addresses.DRIFT_RESET,
        new JsonObject().put("model", ctx.queryParams().get("model"))));
    router.post("/models/:name/drift/reset").handler(admin).handler(ctx -> ask(ctx, bus, Addresses.DRIFT_RESET,
        new JsonObject().put("model", ctx.pathParam("name"))));
  }

  private static void ask(RoutingContext ctx, EventBus bus, String address, JsonObject msg) {
    bus.<JsonObject>request(address, msg)
        .onSuccess(r -> HttpVerticle.json(ctx, r.body()))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            FailureHandler.send(ctx, 503, FailureHandler.error(
                "drift monitoring is not running (drift.enabled=false, or restarting after a failure)"));
          } else {
            ctx.fail(e);
          }
        });
  }
}
