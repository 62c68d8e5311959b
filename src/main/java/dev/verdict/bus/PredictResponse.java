package dev.verdict.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The reply to a {@link PredictRequest}: one prediction per record, in input order. {@code vectors} are the
 * scored feature vectors, handed over in process only (the response cache reports its hits to drift with
 * them); null across the cluster.
 */
public record PredictResponse(List<Prediction> predictions, boolean batch,
                              List<dev.verdict.features.FeatureVector> vectors) {

  public PredictResponse {
    predictions = List.copyOf(predictions);
  }

  public PredictResponse(List<Prediction> predictions, boolean batch) {
    this(predictions, batch, null);
  }

  /** A single prediction's JSON, or {@code {"predictions": [...]}} for a batch. */
  public JsonObject toJson() {
    return new JsonObject(AnswerJson.of(this));
  }
}
