package dev.verdict.http;

import dev.verdict.bus.Failure;
import dev.verdict.features.FieldError;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.validation.BodyProcessorException;
import io.vertx.ext.web.validation.RequestPredicateException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP responses: event-bus failure codes, validation errors, body limits,
 * unknown routes. Every answer is {@code {"error": ..., "details"?: [...]}}; never a stack trace.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  /** Routes that validate against a model put it here, so a 422 can name every offending field. */
  public static final String MODEL_KEY = "verdict.model";
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final int maxBodyBytes;
  private final int maxBatch;
  private final long sendTimeoutMs;
  private final java.util.function.Supplier<java.util.Collection<ModelVersion>> served;

  /** @param served the stable version of each served model, for pointing lost clients at the right one */
  public FailureHandler(int maxBodyBytes, int maxBatch, long sendTimeoutMs,
                        java.util.function.Supplier<java.util.Collection<ModelVersion>> served) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxBatch = maxBatch;
    this.sendTimeoutMs = sendTimeoutMs;
    this.served = served;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f instanceof ReplyException re) {
      switch (re.failureType()) {
        // the bus's own failures: the gateway's one mapping, as the gRPC door answers them
        case TIMEOUT, NO_HANDLERS -> ScoringGateway.refusal(re, sendTimeoutMs).send(ctx);
        default -> {
          ctx.put(RequestLog.FAILURE, Failure.of(re.failureCode()).name().toLowerCase(java.util.Locale.ROOT));
          send(ctx, Failure.of(re.failureCode()).code, parse(re.getMessage()));
        }
      }
    } else if (f instanceof dev.verdict.features.InvalidInputException iie) {
      send(ctx.put(RequestLog.FAILURE, "invalid_input"), 422, invalid(iie.errors(), ctx.get(RecordCheck.BODY),
          ctx.get(MODEL_KEY)));
    } else if (f instanceof BodyProcessorException bpe) {
      switch (bpe.getErrorType()) {
        case PARSING_ERROR -> send(ctx.put(RequestLog.FAILURE, "malformed_json"), 400, error("request body is not valid JSON"));
        case MISSING_MATCHING_BODY_PROCESSOR -> send(ctx.put(RequestLog.FAILURE, "content_type"), 415, error("Content-Type must be application/json"));
        default -> send(ctx.put(RequestLog.FAILURE, "invalid_input"), 422, invalid(List.of(new FieldError("$",
            bpe.getCause() != null ? bpe.getCause().getMessage() : bpe.getMessage())), null, null));
      }
    } else if (f instanceof RequestPredicateException) {
      boolean typed = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) != null;
      send(ctx, typed ? 400 : 415, error(typed ? "a JSON request body is required"
          : "Content-Type must be application/json"));
    } else if (f instanceof io.vertx.ext.web.validation.BadRequestException) {
      send(ctx, 400, error("bad request"));
    } else {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      if (status >= 500) {
        LOG.error("[{}] {} {} failed", RequestId.of(ctx), ctx.request().method(), ctx.request().path(), f);
      }
      send(ctx, status, error(messageFor(status)));
    }
  }

  private String messageFor(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 404 -> "no such endpoint";
      case 405 -> "method not allowed";
      case 413 -> "request body exceeds " + maxBodyBytes + " bytes";
      case 415 -> "unsupported media type";
      case 503 -> "service unavailable";
      default -> status >= 500 ? "internal error" : "request failed";
    };
  }

  /** A 422 naming every offending field, with a hint for a positional client at a model of named fields. */
  private JsonObject invalid(List<FieldError> details, Object body, ModelVersion model) {
    JsonArray d = new JsonArray();
    details.forEach(fe -> d.add(new JsonObject().put("field", fe.field()).put("message", fe.message())));
    JsonObject out = error("request does not match the model's input schema").put("details", d);
    String hint = body instanceof JsonObject obj && obj.containsKey("features") ? positionalHint(model) : null;
    return hint == null ? out : out.put("hint", hint);
  }

  /**
   * A {@code {"features": [...]}} client (the seed's model-as-a-service shape) that reached a model of named
   * fields: name the served models that take positional features, and their route.
   */
  private String positionalHint(ModelVersion model) {
    if (model == null || model.manifest().features().columnar()) {
      return null;
    }
    List<String> numeric = new ArrayList<>();
    for (ModelVersion v : served.get()) {
      if (v.manifest().features().columnar()) {
        numeric.add(v.name() + " (" + v.manifest().features().fields().size() + " numbers: POST /models/" + v.name()
            + "/predict)");
      }
    }
    String fields = String.join(", ", model.manifest().features().fields().stream()
        .map(dev.verdict.features.FieldSpec::name).toList());
    return model.name() + " takes named fields (" + fields + "), not positional \"features\"; "
        + (numeric.isEmpty() ? "no served model takes positional features"
            : "models that take {\"features\": [...]}: " + String.join(", ", numeric));
  }

  static JsonObject parse(String message) {
    try {
      return new JsonObject(message);
    } catch (RuntimeException e) {
      return error(message == null ? "request failed" : message);
    }
  }

  static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (status == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    ctx.response().end(body.toBuffer());
  }
}
