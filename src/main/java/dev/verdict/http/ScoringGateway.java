package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.PredictResponse;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way in for every scoring door: REST {@code /predict} in its single, batch, named and versioned forms, and
 * the Open Inference Protocol. One per event loop. It owns admission (the per-client rate limit and
 * {@code max_in_flight}, counted until the answer is written, so a graceful shutdown waits for every door), the
 * version choice (made once, canary included, so the worker scores exactly the version the door validated
 * against), and the bus send. A door parses its protocol into a call and renders the result; nothing else.
 */
final class ScoringGateway {
  /** A request refused at the door: its status, message, request-log failure and Retry-After (0: none). */
  record Refusal(int status, String message, String failure, long retryAfterSeconds) {
    void send(RoutingContext ctx) {
      if (failure != null) {
        ctx.put(RequestLog.FAILURE, failure);
      }
      if (retryAfterSeconds > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
      }
      FailureHandler.send(ctx, status, FailureHandler.error(message));
    }
  }

  /** Thrown by {@link #target}: the model or version cannot answer. */
  static final class Refused extends RuntimeException {
    final Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.message(), null, false, false);
      this.refusal = refusal;
    }
  }

  /** What a call scores: its slot, the version that answers, and whether the aliases chose it. */
  record Target(ModelSlot slot, ModelVersion version, boolean routed) {
  }

  private final EventBus bus;
  private final ModelRegistry registry;
  private final String defaultModel;
  private final RateLimit rateLimit;
  private final AtomicInteger inFlight;
  private final int maxInFlight;
  private final DeliveryOptions delivery;

  ScoringGateway(EventBus bus, ModelRegistry registry, HttpSettings settings, RateLimit rateLimit,
                 AtomicInteger inFlight) {
    this.bus = bus;
    this.registry = registry;
    this.defaultModel = settings.defaultModel();
    this.rateLimit = rateLimit;
    this.inFlight = inFlight;
    this.maxInFlight = settings.maxInFlight();
    this.delivery = new DeliveryOptions().setSendTimeout(settings.sendTimeoutMs());
  }

  /** Admits a request from {@code client} (counted in flight until {@link #release}), or says why not. */
  Refusal admit(String client) {
    if (rateLimit != null) {
      long wait = rateLimit.refuse(client);
      if (wait > 0) {
        return new Refusal(429, "rate limit exceeded for this client; retry later", "rate_limited", wait);
      }
    }
    // Backpressure: beyond the bound, refuse at once rather than queue without limit.
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return new Refusal(503, "server at capacity (" + maxInFlight + " requests in flight); retry later",
          "overloaded", 1);
    }
    return null;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  /** The HTTP doors' admission: refused at once, or admitted until the response is written or the client leaves. */
  void admit(RoutingContext ctx) {
    Refusal r = admit(RateLimit.client(ctx.request().getHeader("X-API-Key"), ctx.request().remoteAddress()));
    if (r != null) {
      r.send(ctx);
      return;
    }
    ctx.addEndHandler(v -> release());
    ctx.next();
  }

  /**
   * The version that answers: the one named, or the aliases' choice now (a canary by its weight and the routing
   * key). Throws {@link Refused} for a model or version that is not served: 404, or 503 with the reason when it
   * failed to load.
   */
  Target target(String model, String version, String routingKey) {
    ModelSlot slot = registry.slot(model == null ? defaultModel : model);
    if (slot == null) {
      if (model == null) {
        throw new Refused(new Refusal(503, "no model is ready to serve (default model: " + defaultModel + ")",
            null, 1));
      }
      throw new Refused(ModelMissing.refusal(registry, model, null, "unknown model: " + model));
    }
    ModelVersion v = slot.route(version, routingKey);
    if (v == null) {
      throw new Refused(ModelMissing.refusal(registry, slot.name(), version, "model " + slot.name()
          + " has no loaded version " + version + " (loaded: " + String.join(", ", slot.versions().keySet()) + ")"));
    }
    return new Target(slot, v, version == null);
  }

  /**
   * A failed call as a refusal, for the doors that do not answer through {@link FailureHandler} (gRPC): the bus's
   * timeout, no worker, or the worker's application code with its message and field details.
   */
  static Refusal refusal(Throwable e, long sendTimeoutMs) {
    if (e instanceof Refused r) {
      return r.refusal;
    }
    if (e instanceof io.vertx.core.eventbus.ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT -> new Refusal(504, "scoring timed out after " + sendTimeoutMs + " ms", "timeout", 0);
        case NO_HANDLERS -> new Refusal(503, "no inference worker is available", "no_worker", 1);
        default -> {
          dev.verdict.bus.Failure f = dev.verdict.bus.Failure.of(re.failureCode());
          io.vertx.core.json.JsonObject body = FailureHandler.parse(re.getMessage());
          StringBuilder m = new StringBuilder(body.getString("error", "request failed"));
          if (body.getValue("details") instanceof io.vertx.core.json.JsonArray details) {
            for (Object d : details) {
              if (d instanceof io.vertx.core.json.JsonObject fe) {
                m.append("; ").append(fe.getString("field")).append(": ").append(fe.getString("message"));
              }
            }
          }
          yield new Refusal(f.code, m.toString(), f.name().toLowerCase(java.util.Locale.ROOT), 0);
        }
      };
    }
    return new Refusal(500, "internal error", null, 0);
  }

  /** Sends a call to a worker; failures arrive as the worker's {@code ReplyException}s, mapped by FailureHandler. */
  Future<PredictResponse> score(Target t, List<Map<String, Object>> records, boolean batch, String requestId,
                                String routingKey, long acceptedNanos, String explain, boolean raw) {
    PredictRequest req = new PredictRequest(t.slot().name(), t.version().version(), routingKey, records, batch,
        requestId, acceptedNanos, explain, raw, t.routed());
    return bus.request(batch ? Addresses.PREDICT_BATCH_LOCAL : Addresses.PREDICT_LOCAL, req, delivery)
        .map(m -> (PredictResponse) m.body());
  }
}
