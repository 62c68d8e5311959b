package dev.verdict.model;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Everything one model serves at an instant: its loaded versions, the aliases that route to them, and the
 * versions that were rejected (with why). Immutable: a reload or an alias change builds a new slot and swaps
 * it in whole, so a request sees either the old routing or the new, never half of each.
 */
public record ModelSlot(String name, Map<String, ModelVersion> versions, Aliases aliases,
                        Map<String, String> rejected, Map<String, Long> loadMillis) {
  private static final int ROUTING_SEED = 0x5eed;

  public ModelSlot {
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    loadMillis = Collections.unmodifiableMap(new LinkedHashMap<>(loadMillis));
    if (!versions.containsKey(aliases.stable())) {
      throw new IllegalArgumentException("stable version " + aliases.stable() + " is not loaded");
    }
  }

  public ModelVersion stable() {
    return versions.get(aliases.stable());
  }

  public ModelVersion shadow() {
    return aliases.shadow() == null ? null : versions.get(aliases.shadow());
  }

  /**
   * The version that answers a request: the one asked for, else the canary for its share of traffic, else
   * stable. With a routing key the choice is a hash of the key, so one caller sticks to one version; without,
   * it is random.
   *
   * @return null when an explicitly requested version is not loaded
   */
  public ModelVersion route(String version, String routingKey) {
    if (version != null) {
      return versions.get(version);
    }
    ModelVersion canary = aliases.canary() == null ? null : versions.get(aliases.canary());
    if (canary != null && aliases.canaryWeight() > 0) {
      double u = routingKey == null ? ThreadLocalRandom.current().nextDouble() : bucket(routingKey);
      if (u < aliases.canaryWeight()) {
        return canary;
      }
    }
    return stable();
  }

  /** A routing key's place in [0, 1): MurmurHash3 of its UTF-8 bytes, in 10,000 buckets. */
  static double bucket(String routingKey) {
    byte[] b = routingKey.getBytes(StandardCharsets.UTF_8);
    return Math.floorMod(MurmurHash3.hash32x86(b, 0, b.length, ROUTING_SEED), 10_000) / 10_000.0;
  }

  public ModelSlot with(Map<String, ModelVersion> newVersions, Aliases newAliases, Map<String, String> newRejected,
                        Map<String, Long> newMillis) {
    return new ModelSlot(name, newVersions, newAliases, newRejected, newMillis);
  }

  /** As {@code GET /models} shows it: aliases, every loaded version, and rejected ones with why. */
  public JsonObject toJson() {
    JsonObject vs = new JsonObject();
    versions.forEach((v, mv) -> vs.put(v, new JsonObject()
        .put("status", mv.degraded() ? "degraded" : "loaded")
        .put("load_ms", loadMillis.get(v))
        .put("scorer", mv.scoring().toJson())
        .put("created", mv.manifest().json().getValue("created"))));
    rejected.forEach((v, why) -> vs.put(v, new JsonObject().put("status", "rejected").put("reason", why)));
    return new JsonObject().put("name", name).put("aliases", aliases.toJson()).put("versions", vs);
  }
}
