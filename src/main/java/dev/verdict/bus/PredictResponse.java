package dev.verdict.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply to a {@link PredictRequest}: one prediction per record, in input order. */
public record PredictResponse(List<Prediction> predictions, boolean batch) {

  public PredictResponse {
    predictions = List.copyOf(predictions);
  }

  /** A single prediction's JSON, or {@code {"predictions": [...]}} for a batch. */
  public JsonObject toJson() {
    if (!batch) {
      return predictions.get(0).toJson();
    }
    JsonArray arr = new JsonArray();
    predictions.forEach(p -> arr.add(p.toJson()));
    return new JsonObject().put("predictions", arr);
  }
}
