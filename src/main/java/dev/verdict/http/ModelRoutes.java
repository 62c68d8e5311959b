package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.model.ModelRegistry;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The model lifecycle over REST: {@code GET /models} (every model with its aliases, versions and rejections),
 * and, behind the admin key, {@code POST /models/{name}/reload} and {@code POST /models/{name}/aliases}.
 * The work happens in the lifecycle coordinator, reached over the event bus.
 */
final class ModelRoutes {
  private static final DeliveryOptions ADMIN = new DeliveryOptions().setLocalOnly(true).setSendTimeout(300_000);

  private ModelRoutes() {
  }

  static void mount(Router router, ModelRegistry registry, EventBus bus, AdminAuth admin) {
    router.get("/models").handler(ctx -> HttpVerticle.json(ctx, InfoHandler.models(registry)));
    router.get("/models/:name").handler(ctx -> {
      JsonObject m = InfoHandler.model(registry, ctx.pathParam("name"));
      if (m == null) {
        ModelMissing.send(ctx, registry, ctx.pathParam("name"), null, "unknown model: " + ctx.pathParam("name"));
      } else {
        HttpVerticle.json(ctx, m);
      }
    });
    router.post("/models/:name/reload").handler(admin).handler(ctx -> ask(ctx, bus,
        new JsonObject().put("op", "reload").put("model", ctx.pathParam("name"))));
    router.post("/models/:name/aliases").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(admin)
        .handler(ctx -> {
          JsonObject body;
          try {
            body = ctx.body().asJsonObject();
          } catch (DecodeException | ClassCastException e) {
            body = null;
          }
          if (body == null) {
            FailureHandler.send(ctx, 400, FailureHandler.error(
                "a JSON object is required, e.g. {\"stable\": \"1\"} or {\"canary\": \"2\", \"canary_weight\": 0.1}"));
            return;
          }
          ask(ctx, bus, new JsonObject().put("op", "aliases").put("model", ctx.pathParam("name")).put("aliases", body));
        });
  }

  private static void ask(RoutingContext ctx, EventBus bus, JsonObject msg) {
    bus.<JsonObject>request(Addresses.MODELS_ADMIN, msg, ADMIN)
        .onSuccess(r -> HttpVerticle.json(ctx, r.body()))
        .onFailure(ctx::fail);
  }
}
