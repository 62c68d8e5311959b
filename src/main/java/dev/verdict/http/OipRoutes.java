package dev.verdict.http;

import dev.verdict.features.FieldSpec;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Open Inference Protocol (KServe V2) REST routes, so V2 clients can call Verdict unchanged. Inputs: one
 * FP32/FP64 tensor [N, features] for all-numeric models, or one tensor per field (BYTES for strings, FP32/FP64
 * or INT for numbers, shape [N]). Outputs {@code predict} (BYTES [N]) and {@code predict_proba} (FP64 [N, k]).
 */
final class OipRoutes {
  private final ModelRegistry registry;
  private final HttpSettings s;
  private final ScoringGateway gateway;
  private final BooleanSupplier ready;

  private OipRoutes(ModelRegistry registry, HttpSettings s, ScoringGateway gateway, BooleanSupplier ready) {
    this.registry = registry;
    this.s = s;
    this.gateway = gateway;
    this.ready = ready;
  }

  static void mount(Router router, ModelRegistry registry, HttpSettings s, ScoringGateway gateway,
                    BooleanSupplier ready) {
    OipRoutes oip = new OipRoutes(registry, s, gateway, ready);
    router.get("/v2").handler(ctx -> HttpVerticle.json(ctx, new JsonObject().put("name", "verdict")
        .put("version", s.version()).put("extensions", new JsonArray().add(BinaryTensors.EXTENSION))));
    router.get("/v2/health/live").handler(ctx -> HttpVerticle.json(ctx, new JsonObject().put("live", true)));
    router.get("/v2/health/ready").handler(ctx -> {
      boolean ok = ready.getAsBoolean();
      ctx.response().setStatusCode(ok ? 200 : 503);
      HttpVerticle.json(ctx, new JsonObject().put("ready", ok));
    });
    for (String p : new String[] {"/v2/models/:model", "/v2/models/:model/versions/:version"}) {
      router.get(p).handler(ctx -> oip.withModel(ctx, v -> HttpVerticle.json(ctx, metadata(v)
          .put("versions", new JsonArray(new java.util.ArrayList<>(registry.slot(v.name()).versions().keySet()))))));
      router.get(p + "/ready").handler(ctx -> oip.withModel(ctx, v -> HttpVerticle.json(ctx,
          new JsonObject().put("name", v.name()).put("ready", oip.ready.getAsBoolean()))));
      // the same admission as every scoring door: timeout, body limit, rate limit, max_in_flight
      router.post(p + "/infer").handler(TimeoutHandler.create(s.requestTimeoutMs(), 503))
          .handler(BodyHandler.create(false).setBodyLimit(s.maxBodyBytes()))
          .handler(oip.gateway::admit)
          .handler(oip::infer);
    }
  }

  private void withModel(RoutingContext ctx, java.util.function.Consumer<ModelVersion> then) {
    ModelVersion v;
    try {
      v = ModelMissing.served(registry, ctx.pathParam("model"), ctx.pathParam("version"));
    } catch (ScoringGateway.Refused r) {
      r.refusal.send(ctx);
      return;
    }
    then.accept(v);
  }

  static JsonObject metadata(ModelVersion v) {
    JsonArray inputs = new JsonArray();
    if (v.manifest().features().columnar()) {
      inputs.add(new JsonObject().put("name", "features").put("datatype", "FP64")
          .put("shape", new JsonArray().add(-1).add(v.manifest().features().fields().size())));
    }
    for (FieldSpec f : v.manifest().features().fields()) {
      JsonObject in = new JsonObject().put("name", f.name()).put("datatype", f.isHashed() ? "BYTES" : "FP64")
          .put("shape", new JsonArray().add(-1)).put("optional", !f.required());
      if (f.isCategory()) {
        // FP64 carries the category's code (its index here); JSON requests may send the string itself
        in.put("parameters", new JsonObject().put("categories", new JsonArray(f.categories())));
      }
      inputs.add(in);
    }
    JsonArray outputs = new JsonArray();
    if (v.objective().regression()) {
      outputs.add(new JsonObject().put("name", "predict").put("datatype", "FP64").put("shape", new JsonArray().add(-1)));
    } else {
      outputs.add(new JsonObject().put("name", "predict").put("datatype", "BYTES").put("shape", new JsonArray().add(-1)))
          .add(new JsonObject().put("name", "predict_proba").put("datatype", "FP64")
              .put("shape", new JsonArray().add(-1).add(v.labels().size()))
              .put("parameters", new JsonObject().put("labels", new JsonArray(v.labels()))));
    }
    return new JsonObject().put("name", v.name()).put("versions", new JsonArray().add(v.version()))
        .put("platform", "lightgbm").put("parameters", new JsonObject().put("objective", v.objective().toJson()))
        .put("inputs", inputs).put("outputs", outputs
            .add(new JsonObject().put("name", "contributions").put("datatype", "FP64")
                .put("shape", new JsonArray().add(-1).add(dev.verdict.features.FeatureGroup.fields(v.pipeline().groups()).size()))
                .put("parameters", new JsonObject().put("fields",
                    new JsonArray(dev.verdict.features.FeatureGroup.fields(v.pipeline().groups())))
                    .put("when", "request parameters.explain: true; TreeSHAP per field on the predicted class's raw score"))));
  }

  private void infer(RoutingContext ctx) {
    String routingKey = ctx.request().getHeader("X-Routing-Key");
    ScoringGateway.Target t;
    try {
      t = gateway.target(ctx.pathParam("model"), ctx.pathParam("version"), routingKey);
    } catch (ScoringGateway.Refused r) {
      r.refusal.send(ctx);
      return;
    }
    // the tensors are read against the version that will answer: a canary with its own inputs gets its own check
    ModelVersion v = t.version();
    ctx.put(FailureHandler.MODEL_KEY, v);
    JsonObject body;
    List<Map<String, Object>> records;
    List<Object[]> outputs;
    try {
      String binaryHeader = ctx.request().getHeader(BinaryTensors.HEADER);
      body = binaryHeader != null ? BinaryTensors.decode(ctx.body().buffer(), binaryHeader) : ctx.body().asJsonObject();
      if (body == null) {
        throw new IllegalArgumentException("a JSON inference request body is required");
      }
      records = OipTensors.records(body.getJsonArray("inputs"), v, s.maxBatch());
      outputs = OipResponse.requested(body, v.objective().regression());
    } catch (DecodeException | ClassCastException e) {
      FailureHandler.send(ctx, 400, FailureHandler.error("request body is not a valid inference request"));
      return;
    } catch (IllegalArgumentException e) {
      FailureHandler.send(ctx, 400, FailureHandler.error(e.getMessage()));
      return;
    }
    String id = body.getValue("id") instanceof String str ? str : null;
    gateway.score(t, records, true, RequestId.of(ctx), routingKey, RequestLog.startOf(ctx),
            OipResponse.explain(body) ? "" : null, false)
        .onSuccess(r -> {
          RequestLog.annotate(ctx, r);
          JsonObject head = new JsonObject().put("model_name", v.name())
              .put("model_version", r.predictions().get(0).version());
          if (id != null) {
            head.put("id", id);
          }
          OipResponse.send(ctx, head, outputs, r.predictions(), v.labels().size(),
              dev.verdict.features.FeatureGroup.fields(v.pipeline().groups()));
        })
        .onFailure(ctx::fail);
  }
}
