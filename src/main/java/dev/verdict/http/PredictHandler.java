package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.PredictResponse;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.validation.RequestParameter;
import io.vertx.ext.web.validation.RequestParameters;
import io.vertx.ext.web.validation.ValidationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /predict}, {@code /predict/batch} and their {@code /models/{name}/...} forms: hands the
 * validated body to a worker over the event bus and writes its reply. Never scores on the event loop.
 */
public final class PredictHandler implements Handler<RoutingContext> {
  /** Context key: {model name, version or null} the request targets, set by {@link PredictRoutes}. */
  static final String TARGET = "verdict.target";
  /** Context key: the {@link dev.verdict.model.ModelSlot} the request was validated under. */
  static final String SLOT = "verdict.slot";
  private final EventBus bus;
  private final CachedAnswers cached;
  private final boolean batch;
  private final DeliveryOptions delivery;
  private final AtomicInteger inFlight;
  private final int maxInFlight;

  public PredictHandler(EventBus bus, boolean batch, long sendTimeoutMs, AtomicInteger inFlight,
                        int maxInFlight, CachedAnswers cached) {
    this.bus = bus;
    this.cached = batch ? null : cached;
    this.inFlight = inFlight;
    this.maxInFlight = maxInFlight;
    this.batch = batch;
    this.delivery = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void handle(RoutingContext ctx) {
    // Backpressure: beyond the bound, refuse at once rather than queue without limit.
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      ctx.put(RequestLog.FAILURE, "overloaded");
      FailureHandler.send(ctx, 503, FailureHandler.error("server at capacity (" + maxInFlight
          + " requests in flight); retry later"));
      return;
    }
    try {
      send(ctx);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  /** {@code ?explain=true}, optionally {@code &explain_class=<label>}: "" for the predicted class, or the label. */
  private static String explain(RoutingContext ctx) {
    String flag = ctx.request().getParam("explain");
    String cls = ctx.request().getParam("explain_class");
    if (flag != null && !"true".equals(flag) && !"false".equals(flag)) {
      throw new IllegalArgumentException("explain must be true or false");
    }
    if (cls == null) {
      return "true".equals(flag) ? "" : null;
    }
    dev.verdict.model.ModelVersion v = ctx.get(FailureHandler.MODEL_KEY);
    if (v != null && !v.labels().contains(cls)) {
      throw new IllegalArgumentException("explain_class must be one of the labels of " + v.name() + ": "
          + String.join(", ", v.labels()));
    }
    return cls;
  }

  @SuppressWarnings("unchecked")
  private void send(RoutingContext ctx) {
    RequestParameters params = ctx.get(ValidationHandler.REQUEST_CONTEXT_KEY);
    RequestParameter body = params.body();
    List<Map<String, Object>> records = new ArrayList<>();
    if (batch) {
      JsonArray arr = body.getJsonArray();
      for (int i = 0; i < arr.size(); i++) {
        records.add(arr.getJsonObject(i).getMap());
      }
    } else {
      records.add(body.getJsonObject().getMap());
    }
    String[] target = ctx.get(TARGET);
    ResponseCache.Key key = cached == null || CachedAnswers.explained(ctx) ? null
        : cached.key(ctx.get(SLOT), target[1], records.get(0));
    if (key != null && cached.answer(ctx, key)) {
      inFlight.decrementAndGet();
      return;
    }
    String explain;
    boolean raw;
    try {
      explain = explain(ctx);
      String output = ctx.request().getParam("output");
      if (output != null && !"raw".equals(output) && !"default".equals(output)) {
        throw new IllegalArgumentException("output must be raw or default");
      }
      raw = "raw".equals(output);
    } catch (IllegalArgumentException e) {
      inFlight.decrementAndGet();
      FailureHandler.send(ctx, 400, FailureHandler.error(e.getMessage()));
      return;
    }
    PredictRequest req = new PredictRequest(target[0], target[1], ctx.request().getHeader("X-Routing-Key"), records,
        batch, RequestId.of(ctx), RequestLog.startOf(ctx), explain, raw);
    bus.<PredictResponse>request(batch ? Addresses.PREDICT_BATCH_LOCAL : Addresses.PREDICT_LOCAL, req, delivery)
        .onComplete(r -> inFlight.decrementAndGet())
        .onSuccess(reply -> {
          RequestLog.annotate(ctx, reply.body());
          io.vertx.core.buffer.Buffer bytes = ResponseBody.of(reply.body());
          if (key != null) {
            cached.keep(key, reply.body(), bytes);
            ctx.response().putHeader(CachedAnswers.HEADER, "miss");
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(bytes);
        })
        .onFailure(ctx::fail);
  }
}
