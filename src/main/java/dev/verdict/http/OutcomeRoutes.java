package dev.verdict.http;

import dev.verdict.bus.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Outcomes: {@code POST /feedback} and {@code /models/{name}/feedback} (a label, or an array of them; answered
 * once committed) and {@code GET /models/{name}/performance} (realized performance from the labelled log).
 * Labels move realized metrics and, through them, canary verdicts, so they need the same key as the admin
 * routes when one is set.
 */
final class OutcomeRoutes {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(30_000);

  private OutcomeRoutes() {
  }

  static void mount(Router router, EventBus bus, AdminAuth admin, long maxBodyBytes) {
    for (String path : new String[] {"/feedback", "/models/:name/feedback"}) {
      router.post(path).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(ctx -> {
        if (admin.configured()) {
          admin.handle(ctx);
        } else {
          ctx.next();
        }
      }).handler(ctx -> feedback(ctx, bus));
    }
    router.get("/models/:name/performance").handler(ctx -> {
      JsonObject msg = new JsonObject().put("model", ctx.pathParam("name"));
      String last = ctx.request().getParam("last");
      if (last != null) {
        try {
          int n = Integer.parseInt(last);
          if (n < 1 || n > 1_000_000) {
            throw new NumberFormatException();
          }
          msg.put("last", n);
        } catch (NumberFormatException e) {
          FailureHandler.send(ctx, 400, FailureHandler.error("last must be a whole number in 1..1000000"));
          return;
        }
      }
      bus.<JsonObject>request(Addresses.PERFORMANCE, msg, LOCAL).onSuccess(r -> HttpVerticle.json(ctx, r.body()))
          .onFailure(e -> failed(ctx, e));
    });
  }

  private static void feedback(RoutingContext ctx, EventBus bus) {
    Object body;
    try {
      body = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
    } catch (DecodeException e) {
      FailureHandler.send(ctx, 400, FailureHandler.error("request body is not valid JSON"));
      return;
    }
    if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
      FailureHandler.send(ctx, 400, FailureHandler.error("send a label {\"request_id\": ..., \"label\": ...} or an "
          + "array of them"));
      return;
    }
    JsonObject msg = new JsonObject().put("items", body instanceof JsonArray a ? a : new JsonArray().add(body))
        .put("batch", body instanceof JsonArray);
    if (ctx.pathParam("name") != null) {
      msg.put("model", ctx.pathParam("name"));
    }
    bus.<JsonObject>request(Addresses.FEEDBACK, msg, LOCAL).onSuccess(r -> HttpVerticle.json(ctx, r.body()))
        .onFailure(e -> failed(ctx, e));
  }

  /** No outcome verticle to ask means outcomes are switched off: say that, not "no worker". */
  private static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof io.vertx.core.eventbus.ReplyException r
        && r.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
      FailureHandler.send(ctx, 503, FailureHandler.error("outcomes are switched off on this server "
          + "(outcomes.enabled=false): no prediction log, no labels"));
    } else {
      ctx.fail(e);
    }
  }
}
