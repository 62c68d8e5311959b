package dev.verdict.drift;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A model version's drift verdict, published on {@code verdict.drift.state} when it changes (JSON).
 * {@code concentrated} (one input dominating the window) is an operator alert, never a routing signal, and
 * does not enter the label.
 */
public record DriftState(String model, String version, boolean dataDrift, boolean conceptDrift,
                         boolean concentrated, List<String> reasons, long sinceMillis) {

  public DriftState {
    reasons = List.copyOf(reasons);
  }

  public String label() {
    return label(dataDrift, conceptDrift);
  }

  public static String label(boolean dataDrift, boolean conceptDrift) {
    if (dataDrift && conceptDrift) {
      return "data-and-concept-drift";
    }
    return dataDrift ? "data-drift" : conceptDrift ? "concept-drift" : "ok";
  }

  public JsonObject toJson() {
    return new JsonObject().put("model", model).put("version", version).put("state", label())
        .put("data_drift", dataDrift).put("concept_drift", conceptDrift).put("concentrated", concentrated)
        .put("reasons", new JsonArray(reasons))
        .put("since", java.time.Instant.ofEpochMilli(sinceMillis).toString()).put("since_millis", sinceMillis);
  }

  public static DriftState fromJson(JsonObject j) {
    return new DriftState(j.getString("model"), j.getString("version"), j.getBoolean("data_drift", false),
        j.getBoolean("concept_drift", false), j.getBoolean("concentrated", false),
        j.getJsonArray("reasons", new JsonArray()).stream().map(Object::toString).toList(),
        j.getLong("since_millis", 0L));
  }
}
