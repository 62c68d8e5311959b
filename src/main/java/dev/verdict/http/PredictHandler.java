package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.PredictResponse;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /predict}, {@code /predict/batch} and their {@code /models/{name}/...} forms: hands the
 * validated body to the gateway (cache, bus) and writes its reply. Never scores on the event loop.
 */
public final class PredictHandler implements Handler<RoutingContext> {
  /** Context key: the {@link ScoringGateway.Target} chosen and validated by {@link PredictRoutes}. */
  static final String TARGET = "verdict.target";
  private final ScoringGateway gateway;
  private final CachedAnswers cached;
  private final boolean batch;

  PredictHandler(ScoringGateway gateway, boolean batch, CachedAnswers cached) {
    this.gateway = gateway;
    this.cached = batch ? null : cached;
    this.batch = batch;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<Map<String, Object>> records = ctx.get(RecordCheck.RECORDS);
    ScoringGateway.Target t = ctx.get(TARGET);
    ResponseCache.Key key = cached == null || CachedAnswers.explained(ctx) ? null
        : cached.key(t.slot(), t.routed() ? null : t.version().version(), records.get(0));
    if (key != null && cached.answer(ctx, key)) {
      return;
    }
    String explain;
    boolean raw;
    try {
      explain = explain(ctx, t.version());
      String output = ctx.request().getParam("output");
      if (output != null && !"raw".equals(output) && !"default".equals(output)) {
        throw new IllegalArgumentException("output must be raw or default");
      }
      raw = "raw".equals(output);
    } catch (IllegalArgumentException e) {
      FailureHandler.send(ctx, 400, FailureHandler.error(e.getMessage()));
      return;
    }
    gateway.score(t, records, batch, RequestId.of(ctx), ctx.request().getHeader("X-Routing-Key"),
            RequestLog.startOf(ctx), explain, raw)
        .onSuccess(reply -> {
          RequestLog.annotate(ctx, reply);
          io.vertx.core.buffer.Buffer bytes = dev.verdict.bus.AnswerJson.of(reply);
          if (key != null) {
            cached.keep(key, reply, bytes);
            ctx.response().putHeader(CachedAnswers.HEADER, "miss");
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(bytes);
        })
        .onFailure(ctx::fail);
  }

  /** {@code ?explain=true}, optionally {@code &explain_class=<label>}: "" for the predicted class, or the label. */
  private static String explain(RoutingContext ctx, dev.verdict.model.ModelVersion v) {
    String flag = ctx.request().getParam("explain");
    String cls = ctx.request().getParam("explain_class");
    if (flag != null && !"true".equals(flag) && !"false".equals(flag)) {
      throw new IllegalArgumentException("explain must be true or false");
    }
    if (cls == null) {
      return "true".equals(flag) ? "" : null;
    }
    if (!v.labels().contains(cls)) {
      throw new IllegalArgumentException("explain_class must be one of the labels of " + v.name() + ": "
          + String.join(", ", v.labels()));
    }
    return cls;
  }
}
