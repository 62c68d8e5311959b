package dev.verdict.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scoring request: records (named fields) or, for all-numeric models, positional vectors.
 *
 * @param model      model name, or null for the node's default model
 * @param version    a version asked for explicitly, or null to let the aliases route (stable / canary)
 * @param routingKey canary routing key ({@code X-Routing-Key}): the same key always reaches the same version
 * @param records    one map per record: a product, or {@code {"features": [..]}}
 * @param batch      true when the caller asked for {@code /predict/batch}: the reply is a list
 * @param requestId  carried into worker logs
 * @param acceptedNanos {@link System#nanoTime()} when the HTTP request was accepted (0 = unknown, e.g. a
 *                   request from another node): the worker measures queue wait from it
 * @param explain    null: no explanation; "": explain the predicted class; a label: explain that class
 * @param raw        also answer the primary's raw scores (before the objective's transform)
 * @param routed     the version was chosen by the aliases at the door (stable or canary), not pinned by the
 *                   caller: the worker scores exactly the version the door validated, and still treats the
 *                   request as routed traffic (shadow, canary accounting)
 */
public record PredictRequest(String model, String version, String routingKey, List<Map<String, Object>> records,
                             boolean batch, String requestId, long acceptedNanos, String explain, boolean raw,
                             boolean routed) {

  public PredictRequest {
    records = List.copyOf(records);
  }

  public PredictRequest(String model, String version, String routingKey, List<Map<String, Object>> records,
                        boolean batch, String requestId, long acceptedNanos) {
    this(model, version, routingKey, records, batch, requestId, acceptedNanos, null, false, false);
  }

  public PredictRequest(String model, String version, String routingKey, List<Map<String, Object>> records,
                        boolean batch, String requestId, long acceptedNanos, String explain, boolean raw) {
    this(model, version, routingKey, records, batch, requestId, acceptedNanos, explain, raw, false);
  }

  /** The caller named the version: no canary, no shadow. */
  public boolean pinned() {
    return version != null && !routed;
  }

  public PredictRequest(String model, String version, String routingKey, List<Map<String, Object>> records,
                        boolean batch, String requestId, long acceptedNanos, String explain) {
    this(model, version, routingKey, records, batch, requestId, acceptedNanos, explain, false, false);
  }

  /**
   * Reads the JSON form used across the cluster: {@code {"model": .., "request_id": .., "record": {..}}} or
   * {@code {"records": [..]}}; a bare product (no "record"/"records" key) is accepted for single requests.
   */
  @SuppressWarnings("unchecked")
  public static PredictRequest fromJson(JsonObject json, boolean batch) {
    List<Map<String, Object>> records = new ArrayList<>();
    Object rs = json.getValue("records");
    if (rs instanceof JsonArray arr) {
      for (Object o : arr) {
        records.add(o instanceof JsonObject j ? j.getMap() : null);
      }
    } else if (json.getValue("record") instanceof JsonObject r) {
      records.add(r.getMap());
    } else if (!batch) {
      JsonObject bare = json.copy();
      bare.remove("model");
      bare.remove("request_id");
      bare.remove("version");
      bare.remove("routing_key");
      bare.remove("explain");
      bare.remove("explain_class");
      bare.remove("output");
      records.add(bare.getMap());
    }
    String explain = json.getValue("explain_class") instanceof String c ? c
        : Boolean.TRUE.equals(json.getValue("explain")) ? "" : null;
    return new PredictRequest(json.getString("model"), json.getValue("version") instanceof String v ? v : null,
        json.getValue("routing_key") instanceof String k ? k : null, records, batch || rs != null,
        json.getString("request_id"), 0L, explain, "raw".equals(json.getValue("output")));
  }

  public JsonObject toJson() {
    JsonArray arr = new JsonArray();
    records.forEach(r -> arr.add(new JsonObject(r)));
    JsonObject j = new JsonObject().put("model", model).put("request_id", requestId).put("records", arr);
    if (pinned()) { // a version the door chose is routed again by the node that scores it
      j.put("version", version);
    }
    if (routingKey != null) {
      j.put("routing_key", routingKey);
    }
    if (raw) {
      j.put("output", "raw");
    }
    if (explain != null) {
      j.put("explain", true);
      if (!explain.isEmpty()) {
        j.put("explain_class", explain);
      }
    }
    return j;
  }
}
