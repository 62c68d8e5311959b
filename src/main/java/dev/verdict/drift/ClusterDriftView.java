package dev.verdict.drift;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The cluster view of drift: every node's latest report per model, merged — worst state, summed windows,
 * events and answers per path. Pure function over the reports the nodes share.
 */
final class ClusterDriftView {
  private ClusterDriftView() {
  }

  /** @param nodes node id → that node's reports by model name; {@code model} null = every model */
  static JsonObject merge(Map<String, JsonObject> nodes, String model) {
    JsonObject models = new JsonObject();
    nodes.forEach((node, reports) -> reports.forEach(e -> {
      if (model != null && !model.equals(e.getKey())) {
        return;
      }
      JsonObject r = (JsonObject) e.getValue();
      JsonObject merged = models.getJsonObject(e.getKey(), new JsonObject().put("nodes", new JsonObject())
          .put("data_drift", false).put("concept_drift", false).put("concentrated", false).put("events", 0L).put("window_filled", 0)
          .put("answers", new JsonObject()));
      merged.put("data_drift", merged.getBoolean("data_drift") || r.getBoolean("data_drift", false));
      merged.put("concept_drift", merged.getBoolean("concept_drift") || r.getBoolean("concept_drift", false));
      merged.put("concentrated", merged.getBoolean("concentrated") || r.getBoolean("concentrated", false));
      merged.put("events", merged.getLong("events") + r.getLong("events", 0L));
      merged.put("window_filled", merged.getInteger("window_filled")
          + r.getJsonObject("window", new JsonObject()).getInteger("filled", 0));
      JsonObject answers = merged.getJsonObject("answers");
      r.getJsonObject("answers", new JsonObject()).forEach(a -> answers.put(a.getKey(),
          answers.getLong(a.getKey(), 0L) + ((Number) a.getValue()).longValue()));
      merged.getJsonObject("nodes").put(node, r);
      merged.put("state", DriftState.label(merged.getBoolean("data_drift"), merged.getBoolean("concept_drift")));
      models.put(e.getKey(), merged);
    }));
    return new JsonObject().put("scope", "cluster").put("nodes", nodes.size()).put("models", models);
  }
}
