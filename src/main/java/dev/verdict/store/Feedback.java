package dev.verdict.store;

import dev.verdict.features.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A label for a prediction: {@code {"request_id": "...", "label": "..."}}, or {@code "value": number} for a
 * regression; {@code "index"} picks a record of a batch request (default 0).
 */
public record Feedback(String requestId, int index, String label, Double value) {
  public static final int MAX_ID = 200;

  /** One item, or the problems with it (field names prefixed with {@code at}). */
  public static Feedback parse(Object item, String at, List<FieldError> errors) {
    if (!(item instanceof JsonObject j)) {
      errors.add(new FieldError(at.isEmpty() ? "$" : at, "must be an object {\"request_id\", \"label\" | \"value\"}"));
      return null;
    }
    String p = at.isEmpty() ? "" : at + ".";
    int before = errors.size();
    Object id = j.getValue("request_id");
    if (!(id instanceof String s) || s.isBlank()) {
      errors.add(new FieldError(p + "request_id", "is required (the X-Request-Id of the prediction)"));
    } else if (s.length() > MAX_ID) {
      errors.add(new FieldError(p + "request_id", "must be at most " + MAX_ID + " characters"));
    }
    Object idx = j.getValue("index", 0);
    if (!(idx instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0) {
      errors.add(new FieldError(p + "index", "must be a whole number >= 0 (the record's place in a batch)"));
    }
    Object label = j.getValue("label");
    Object value = j.getValue("value");
    if (label == null && value == null) {
      errors.add(new FieldError(p + "label", "is required (or \"value\" for a regression)"));
    } else if (label != null && value != null) {
      errors.add(new FieldError(p + "label", "give \"label\" or \"value\", not both"));
    } else if (label != null && !(label instanceof String)) {
      errors.add(new FieldError(p + "label", "must be a string (a class name)"));
    } else if (value != null && !(value instanceof Number v && Double.isFinite(v.doubleValue()))) {
      errors.add(new FieldError(p + "value", "must be a finite number"));
    }
    for (String k : j.fieldNames()) {
      if (!List.of("request_id", "index", "label", "value").contains(k)) {
        errors.add(new FieldError(p + k, "is not a field of a label (request_id, index, label, value)"));
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return new Feedback((String) id, ((Number) idx).intValue(), (String) label,
        value == null ? null : ((Number) value).doubleValue());
  }
}
