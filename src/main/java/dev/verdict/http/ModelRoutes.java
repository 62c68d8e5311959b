package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.model.ModelRegistry;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.validation.RequestParameters;
import io.vertx.ext.web.validation.RequestPredicate;
import io.vertx.ext.web.validation.ValidationHandler;
import io.vertx.ext.web.validation.builder.Bodies;
import io.vertx.ext.web.validation.builder.ValidationHandlerBuilder;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.common.dsl.Schemas;

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
        new dev.verdict.bus.Control.Reload(ctx.pathParam("name"))));
    // a fixed-shape body: vertx-web-validation checks it against the aliases schema
    router.post("/models/:name/aliases").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(admin)
        .handler(ValidationHandlerBuilder.create(SchemaRepository.create(RequestSchemas.options()))
            .body(Bodies.json(Schemas.schema().fromJson(RequestSchemas.aliases())))
            .predicate(RequestPredicate.BODY_REQUIRED).build())
        .handler(ctx -> {
          RequestParameters p = ctx.get(ValidationHandler.REQUEST_CONTEXT_KEY);
          ask(ctx, bus, new dev.verdict.bus.Control.SetAliases(ctx.pathParam("name"), p.body().getJsonObject()));
        });
  }

  private static void ask(RoutingContext ctx, EventBus bus, dev.verdict.bus.Control.LifecycleOp msg) {
    bus.<JsonObject>request(Addresses.MODELS_ADMIN, msg, ADMIN)
        .onSuccess(r -> HttpVerticle.json(ctx, r.body()))
        .onFailure(ctx::fail);
  }
}
