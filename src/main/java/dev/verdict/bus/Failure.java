package dev.verdict.bus;

import dev.verdict.features.FieldError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Application failure codes carried by {@link ReplyException#failureCode()}. The message is the JSON error
 * body ({@code {"error": ..., "details": [...]}}) so event-bus callers get the same detail as HTTP callers.
 * The HTTP layer maps codes to statuses in one place ({@code http.FailureHandler}).
 */
public enum Failure {
  BAD_REQUEST(400),
  UNKNOWN_MODEL(404),
  CONFLICT(409),
  INVALID_INPUT(422),
  OVERLOADED(429),
  SCORING_FAILED(500),
  MODEL_NOT_READY(503);

  /** The code on the wire: the matching HTTP status, so non-Java callers need no table. */
  public final int code;

  Failure(int code) {
    this.code = code;
  }

  /** The failure message: the JSON error body, with field details when there are any. */
  public String body(String error, List<FieldError> details) {
    JsonObject body = new JsonObject().put("error", error);
    if (!details.isEmpty()) {
      JsonArray d = new JsonArray();
      for (FieldError e : details) {
        d.add(new JsonObject().put("field", e.field()).put("message", e.message()));
      }
      body.put("details", d);
    }
    return body.encode();
  }

  public ReplyException exception(String error, List<FieldError> details) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, body(error, details));
  }

  public static Failure of(int code) {
    for (Failure f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    return SCORING_FAILED;
  }
}
