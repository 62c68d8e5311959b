package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /}: what this service is, which models it serves, and its endpoints. */
final class InfoHandler implements Handler<RoutingContext> {
  private final JsonObject body;
  private final ModelRegistry registry;

  InfoHandler(ModelRegistry registry, HttpSettings s) {
    JsonArray endpoints = new JsonArray()
        .add("GET /").add("GET /health").add("GET /health/live").add("GET /health/ready").add("GET /models")
        .add("POST /predict").add("POST /predict/batch")
        .add("POST /models/{name}/predict").add("POST /models/{name}/predict/batch").add("GET /models/{name}")
        .add("POST /models/{name}/versions/{v}/predict").add("POST /models/{name}/versions/{v}/predict/batch")
        .add("POST /models/{name}/reload (admin)").add("POST /models/{name}/aliases (admin)")
        .add("GET /metrics").add("GET /openapi.json").add("GET /docs").add("GET /dashboard")
        .add("GET /v2").add("GET /v2/health/live").add("GET /v2/health/ready").add("GET /v2/models/{m}[/versions/{v}]")
        .add("GET /v2/models/{m}[/versions/{v}]/ready").add("POST /v2/models/{m}[/versions/{v}]/infer")
        .add("GET /drift").add("GET /models/{name}/drift").add("POST /drift/reset (admin)")
        .add("POST /models/{name}/drift/reset (admin)");
    this.body = new JsonObject().put("name", "verdict").put("version", s.version())
        .put("description", "Reactive model serving on Vert.x: LightGBM through DJL, Smile fallbacks")
        .put("default_model", s.defaultModel()).put("endpoints", endpoints);
    this.registry = registry;
  }

  static JsonObject models(ModelRegistry registry) {
    JsonArray arr = new JsonArray();
    for (String name : registry.slots().keySet()) {
      arr.add(model(registry, name));
    }
    registry.failures().forEach((name, why) -> arr.add(new JsonObject().put("name", name).put("status", "failed")
        .put("reason", why)));
    return new JsonObject().put("models", arr);
  }

  /** One model: its stable version's schema and holdout metrics, its aliases, every loaded or rejected version. */
  static JsonObject model(ModelRegistry registry, String name) {
    var slot = registry.slot(name);
    if (slot == null) {
      return null;
    }
    ModelVersion v = slot.stable();
    JsonObject holdout = v.manifest().metrics().getJsonObject("holdout", new JsonObject())
        .getJsonObject("primary", new JsonObject());
    JsonObject lifecycle = slot.toJson();
    return new JsonObject().put("name", v.name()).put("version", v.version())
          .put("status", v.degraded() ? "degraded" : "ready")
          .put("aliases", lifecycle.getJsonObject("aliases")).put("versions", lifecycle.getJsonObject("versions"))
          .put("objective", v.objective().toJson())
          .put("manifest", v.manifest().derived() ? "derived from the model file (no manifest.json)" : "manifest.json")
          .put("labels", new JsonArray(v.labels())).put("input_schema", v.manifest().inputSchema())
          .put("positional_features", v.manifest().features().columnar()
              ? new JsonArray(v.pipeline().fieldNames()) : null)
          .put("holdout", new JsonObject().put("accuracy", holdout.getValue("accuracy"))
              .put("macro_f1", holdout.getValue("macro_f1")));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpVerticle.json(ctx, body.copy().put("models", models(registry).getJsonArray("models")));
  }
}
