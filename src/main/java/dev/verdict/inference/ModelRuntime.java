package dev.verdict.inference;

import dev.verdict.drift.SupportProfile;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.fallback.Router;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * One worker's scoring state for one model version: its own booster, its fallbacks, the training priors, and
 * what routing needs: the support profile from {@code baseline.json} and the manifest's measured routes.
 *
 * @param support        null when the version has no readable baseline (no support figures, no routing)
 * @param defaultFallback the manifest's measured-best fallback (answers primary failures under {@code auto})
 */
record ModelRuntime(ModelVersion version, LightGbmScorer scorer, Map<String, FallbackModel> fallbacks,
                    double[] priors, String labelField, SupportProfile support, Router router,
                    String defaultFallback) implements AutoCloseable {

  static ModelRuntime open(ModelVersion v) throws IOException {
    JsonObject manifest = v.manifest().json();
    JsonObject pri = manifest.getJsonObject("priors", new JsonObject());
    double[] priors = new double[v.labels().size()];
    for (int k = 0; k < priors.length; k++) {
      priors[k] = pri.getDouble(v.labels().get(k), 1.0 / priors.length);
    }
    String labelField = manifest.getJsonObject("training", new JsonObject()).getString("label");
    SupportProfile support = null;
    var baseline = v.dir().resolve(ModelVersion.BASELINE_FILE);
    if (Files.isRegularFile(baseline)) {
      support = SupportProfile.of(v.pipeline(), new JsonObject(Files.readString(baseline)));
    } else if (manifest.getJsonObject("source", new JsonObject()).getValue("feature_infos")
        instanceof io.vertx.core.json.JsonArray infos) {
      // no data: judge support by the ranges and categories the model file itself records
      support = SupportProfile.fromFeatureInfos(v.pipeline(), infos.stream().map(String::valueOf).toList());
    }
    Router router = Router.fromJson(manifest.getJsonObject("routing"));
    // A degraded version has no primary: every request goes to the fallback chain.
    LightGbmScorer scorer = v.degraded() ? null : v.openScorer();
    try {
      Map<String, FallbackModel> fallbacks = Fallbacks.load(v);
      String def = manifest.getJsonObject("fallback", new JsonObject()).getString("default");
      if (def == null || !fallbacks.containsKey(def)) {
        // versions trained before the shift suite: the random forest was their default
        def = fallbacks.containsKey("random-forest") ? "random-forest"
            : fallbacks.keySet().stream().findFirst().orElse(null);
      }
      return new ModelRuntime(v, scorer, fallbacks, priors, labelField, support, router, def);
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
