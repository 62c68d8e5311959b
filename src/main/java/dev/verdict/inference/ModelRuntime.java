package dev.verdict.inference;

import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/** One worker's scoring state for one model version: its own booster, its fallbacks, the training priors. */
record ModelRuntime(ModelVersion version, LightGbmScorer scorer, Map<String, FallbackModel> fallbacks,
                    double[] priors, String labelField) implements AutoCloseable {

  static ModelRuntime open(ModelVersion v) throws IOException {
    JsonObject pri = v.manifest().json().getJsonObject("priors", new JsonObject());
    double[] priors = new double[v.labels().size()];
    for (int k = 0; k < priors.length; k++) {
      priors[k] = pri.getDouble(v.labels().get(k), 1.0 / priors.length);
    }
    String labelField = v.manifest().json().getJsonObject("training", new JsonObject()).getString("label");
    // A degraded version has no primary: every request goes to the fallback chain.
    LightGbmScorer scorer = v.degraded() ? null : v.openScorer();
    try {
      return new ModelRuntime(v, scorer, Fallbacks.load(v), priors, labelField);
    } catch (IOException | RuntimeException e) {
      if (scorer != null) {
        scorer.close();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
    }
  }
}
