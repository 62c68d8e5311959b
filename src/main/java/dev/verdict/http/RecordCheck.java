package dev.verdict.http;

import dev.verdict.features.FieldError;
import dev.verdict.features.InvalidInputException;
import dev.verdict.model.ModelVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one check of a model's records at the REST door, on the event loop: the body parsed once, then the feature
 * pipeline's own record check (the same rules the worker encodes by) with a message per offending field. There is
 * no second schema to keep in step with the pipeline; the manifest's JSON schema documents the API (OpenAPI).
 */
final class RecordCheck {
  /** Context key: the request's records, checked. */
  static final String RECORDS = "verdict.records";
  /** Context key: the parsed body, for the hint a refused {@code {"features": [...]}} client gets. */
  static final String BODY = "verdict.body";

  private RecordCheck() {
  }

  /** Parses and checks the body against {@code v}: true with the records in the context, or false, answered. */
  static boolean check(RoutingContext ctx, ModelVersion v, boolean batch, int maxBatch) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!"application/json".equals(media)) { // parameters such as charset are fine; another media type is not
      FailureHandler.send(ctx.put(RequestLog.FAILURE, "content_type"), 415,
          FailureHandler.error("Content-Type must be application/json"));
      return false;
    }
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      FailureHandler.send(ctx, 400, FailureHandler.error("a JSON request body is required"));
      return false;
    }
    Object body;
    try {
      body = Json.decodeValue(raw);
    } catch (DecodeException e) {
      FailureHandler.send(ctx.put(RequestLog.FAILURE, "malformed_json"), 400,
          FailureHandler.error("request body is not valid JSON"));
      return false;
    }
    ctx.put(BODY, body);
    List<FieldError> details = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>();
    if (batch) {
      if (!(body instanceof JsonArray arr)) {
        details.add(new FieldError("$", "must be a JSON array"));
      } else if (arr.isEmpty()) {
        details.add(new FieldError("$", "must hold at least 1 record"));
      } else if (arr.size() > maxBatch) {
        details.add(new FieldError("$", "must hold at most " + maxBatch + " records (got " + arr.size() + ")"));
      } else {
        for (int i = 0; i < arr.size(); i++) {
          Object r = arr.getValue(i) instanceof JsonObject o ? o.getMap() : arr.getValue(i);
          for (FieldError fe : v.pipeline().check(r)) {
            details.add(new FieldError("[" + i + "]" + (fe.field().isEmpty() ? "" : "." + fe.field()), fe.message()));
          }
          if (r instanceof Map<?, ?>) {
            records.add(arr.getJsonObject(i).getMap());
          }
        }
      }
    } else if (!(body instanceof JsonObject obj)) {
      details.add(new FieldError("$", "must be a JSON object"));
    } else {
      details.addAll(v.pipeline().check(obj.getMap()));
      records.add(obj.getMap());
    }
    if (!details.isEmpty()) {
      ctx.put(RequestLog.FAILURE, "invalid_input");
      ctx.fail(422, new InvalidInputException(details));
      return false;
    }
    ctx.put(RECORDS, records);
    return true;
  }
}
