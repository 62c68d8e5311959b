package dev.verdict.http;

import dev.verdict.bus.PredictResponse;
import dev.verdict.bus.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request: one structured log line per request (id, route, status, latency, model,
 * version, path) and the {@code verdict_request_seconds} histogram / {@code verdict_errors_total} counter,
 * tagged by route template — never the raw path, so label cardinality stays bounded.
 */
public final class RequestLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("verdict.request");
  private static final String START = "verdict.start";
  private static final String MODEL = "verdict.answer.model";
  private static final String VERSION = "verdict.answer.version";
  private static final String PATH = "verdict.answer.path";
  static final String FAILURE = "verdict.failure";
  /** Set by routes whose failures end on a failure handler, so the route template is still known then. */
  static final String ROUTE = "verdict.route";

  private final MeterRegistry registry;
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final Map<ErrorKey, Counter> errors = new ConcurrentHashMap<>();

  // Record keys: no string building per request to find the meter.
  private record TimerKey(String endpoint, io.vertx.core.http.HttpMethod method, int status, String model,
                          String version) {
  }

  private record ErrorKey(String endpoint, int status, String code) {
  }

  public RequestLog(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.put(START, start);
    ctx.addBodyEndHandler(v -> done(ctx, start));
    ctx.next();
  }

  static long startOf(RoutingContext ctx) {
    Long s = ctx.get(START);
    return s == null ? 0L : s;
  }

  /** Remembers who answered, for the log line and the metric tags. */
  static void annotate(RoutingContext ctx, String model, String version, String path) {
    ctx.put(MODEL, model);
    ctx.put(VERSION, version);
    ctx.put(PATH, path);
  }

  static void annotate(RoutingContext ctx, PredictResponse r) {
    Prediction first = r.predictions().get(0);
    ctx.put(MODEL, first.model());
    ctx.put(VERSION, first.version());
    String path = "primary";
    for (Prediction p : r.predictions()) {
      if (!"primary".equals(p.path())) {
        path = p.path();
        break;
      }
    }
    ctx.put(PATH, path);
  }

  private void done(RoutingContext ctx, long start) {
    int status = ctx.response().getStatusCode();
    Route route = ctx.currentRoute();
    String endpoint = route != null && route.getPath() != null ? route.getPath() : ctx.get(ROUTE, "unmatched");
    dev.verdict.model.ModelVersion target = ctx.get(FailureHandler.MODEL_KEY);
    record(endpoint, ctx.request().method(), status, ctx.get(MODEL, target != null ? target.name() : ""),
        ctx.get(VERSION, target != null ? target.version() : ""), ctx.get(PATH, ""), ctx.get(FAILURE),
        System.nanoTime() - start, RequestId.of(ctx));
  }

  /**
   * One answered request, whichever door: the latency timer, the error counter and the log line. gRPC calls
   * come here with the HTTP status their gRPC status stands for, so one dashboard reads every door.
   */
  void record(String endpoint, io.vertx.core.http.HttpMethod method, int status, String model, String version,
              String path, String failure, long nanos, String requestId) {
    TimerKey key = new TimerKey(endpoint, method, status, model, version);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, k -> Timer.builder("verdict.request").description("HTTP request latency")
        .tags("endpoint", endpoint, "method", k.method().name(), "status", Integer.toString(status),
            "model", model, "version", version)
        .serviceLevelObjectives(dev.verdict.bus.LatencyBuckets.BOUNDS).register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
    if (status >= 400) {
      String code = failure != null ? failure : "http_" + status;
      errors.computeIfAbsent(new ErrorKey(endpoint, status, code), k -> Counter.builder("verdict.errors")
          .description("Requests answered with an error, by status and failure code")
          .tags("endpoint", endpoint, "status", Integer.toString(status), "code", code).register(registry))
          .increment();
    }
    if (LOG.isInfoEnabled()) {
      LOG.atInfo().addKeyValue("request_id", requestId).addKeyValue("method", method)
          .addKeyValue("route", endpoint).addKeyValue("status", status)
          .addKeyValue("latency_ms", Math.round(nanos / 1e4) / 100.0).addKeyValue("model", model)
          .addKeyValue("version", version).addKeyValue("path", path)
          .log("request");
    }
  }
}
