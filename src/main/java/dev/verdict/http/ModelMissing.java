package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer for a model or version that is not served. One on disk that failed to load is unavailable, not
 * unknown: 503 with the reason it was refused (a replaced model file, a manifest in another field order), so
 * the caller and the operator see the same words as the start-up log. Anything else is 404.
 */
final class ModelMissing {
  private ModelMissing() {
  }

  /**
   * The version a metadata call names (the stable one when {@code version} is null), as every door looks it up;
   * throws {@link ScoringGateway.Refused} (404, or 503 with the load failure) when it is not served.
   */
  static dev.verdict.model.ModelVersion served(ModelRegistry registry, String name, String version) {
    ModelSlot slot = registry.slot(name);
    dev.verdict.model.ModelVersion v = slot == null ? null : version == null ? slot.stable() : slot.versions().get(version);
    if (v == null) {
      throw new ScoringGateway.Refused(refusal(registry, name, version, "unknown model: " + name
          + (version == null ? "" : " version " + version)));
    }
    return v;
  }

  /** @param version the version asked for, or null for the stable one */
  static void send(RoutingContext ctx, ModelRegistry registry, String name, String version, String notFound) {
    refusal(registry, name, version, notFound).send(ctx);
  }

  static ScoringGateway.Refusal refusal(ModelRegistry registry, String name, String version, String notFound) {
    ModelSlot slot = registry.slot(name);
    String reason = slot == null ? registry.failures().get(name) : version == null ? null : slot.rejected().get(version);
    if (reason != null) {
      return new ScoringGateway.Refusal(503, "model " + name + (version == null ? "" : " version " + version)
          + " failed to load: " + reason, null, 60);
    }
    return new ScoringGateway.Refusal(404, notFound, null, 0);
  }
}
