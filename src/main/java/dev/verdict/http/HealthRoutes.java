package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.lang.management.ManagementFactory;

/**
 * {@code /health} (the seed API's JSON), {@code /health/live} and {@code /health/ready} (vertx-health-check).
 * Ready means: the default model is loaded and the inference workers are deployed (the HTTP verticle is
 * only deployed after them, so its existence is the proof).
 */
final class HealthRoutes {
  private HealthRoutes() {
  }

  static void mount(Vertx vertx, Router router, ModelRegistry registry, HttpSettings s,
                    java.util.function.BooleanSupplier draining) {
    HealthChecks live = HealthChecks.create(vertx);
    live.register("event-loop", p -> p.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx);
    ready.register("models", p -> {
      JsonObject data = new JsonObject().put("default", s.defaultModel()).put("loaded", registry.models().keySet()
          .stream().toList()).put("failed", new JsonObject(new java.util.HashMap<>(registry.failures())));
      ModelVersion def = registry.get(s.defaultModel());
      if (def != null && def.degraded()) {
        data.put("degraded", def.primaryProblem());
      }
      p.complete(def != null ? Status.OK(data) : Status.KO(data));
    });
    ready.register("workers", p -> p.complete(Status.OK(new JsonObject().put("instances", s.workers()))));
    ready.register("accepting", p -> p.complete(draining.getAsBoolean()
        ? Status.KO(new JsonObject().put("reason", "shutting down: finishing in-flight requests")) : Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));

    router.get("/health").handler(ctx -> {
      boolean loaded = registry.get(s.defaultModel()) != null && !draining.getAsBoolean();
      JsonObject models = new JsonObject();
      registry.models().forEach((name, v) -> models.put(name, v.degraded()
          ? new JsonObject().put("version", v.version()).put("status", "degraded")
              .put("reason", "primary model not loaded, answering from the fallback: " + v.primaryProblem())
          : new JsonObject().put("version", v.version()).put("status", "ready")));
      registry.failures().forEach((name, why) -> models.put(name, new JsonObject().put("status", "failed")
          .put("reason", why)));
      boolean degraded = loaded && registry.get(s.defaultModel()).degraded();
      JsonObject body = new JsonObject().put("status", draining.getAsBoolean() ? "draining"
          : degraded ? "degraded" : loaded ? "healthy" : "unhealthy").put("model_loaded", registry.get(s.defaultModel()) != null)
          .put("default_model", s.defaultModel()).put("models", models).put("workers", s.workers())
          .put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
      ctx.response().setStatusCode(loaded ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(body.toBuffer());
    });
  }
}
