package dev.verdict.model;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model's {@code aliases.json}: which version answers ({@code stable}), which takes a share of traffic
 * ({@code canary} with {@code canary_weight} in [0, 1]), and which scores a copy of traffic off the request
 * path ({@code shadow}). An optional {@code canary_guard} ({@code {"metric": "accuracy" | "mae", "max_drop": 0.02,
 * "min_labels": 300}}) lets realized outcomes set the canary's weight to 0 when it measures worse than stable
 * beyond its interval; the guard records why in {@code "tripped"}. Promotion stays a human call unless
 * {@code "auto_promote": true}: then a canary better than stable across its whole interval becomes stable, and
 * the guard records why in {@code "promoted"}.
 */
public record Aliases(String stable, String canary, double canaryWeight, String shadow, JsonObject canaryGuard) {

  /** The guard's record of a trial it ended: why it took the canary off traffic, or why it promoted it. */
  public static final String TRIPPED = "tripped";
  public static final String PROMOTED = "promoted";

  public Aliases(String stable, String canary, double canaryWeight, String shadow) {
    this(stable, canary, canaryWeight, shadow, null);
  }

  /**
   * These aliases changed by {@code body} (POST /models/{name}/aliases): fields left out keep their value, a null
   * removes one. Setting {@code canary} or {@code canary_weight} starts a new trial: the guard's record of the last
   * one ({@link #TRIPPED}, {@link #PROMOTED}) is dropped, for while it stayed the guard judged no canary of this
   * model again. A body that names {@code canary_guard} itself (the guard's own move) is taken as given.
   *
   * @throws IllegalArgumentException when the result is not valid aliases
   */
  public Aliases changedBy(JsonObject body) {
    JsonObject change = body == null ? new JsonObject() : body;
    JsonObject merged = toJson().mergeIn(change);
    merged.fieldNames().removeIf(k -> merged.getValue(k) == null);
    JsonObject guard = merged.getJsonObject("canary_guard");
    if (guard != null && !change.containsKey("canary_guard")
        && (change.containsKey("canary") || change.containsKey("canary_weight"))) {
      JsonObject fresh = guard.copy();
      fresh.remove(TRIPPED);
      fresh.remove(PROMOTED);
      merged.put("canary_guard", fresh);
    }
    return fromJson(merged);
  }
  static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public Aliases {
    if (stable == null || !VERSION.matcher(stable).matches()) {
      throw new IllegalArgumentException("\"stable\" must name a version");
    }
    for (String v : new String[] {canary, shadow}) {
      if (v != null && !VERSION.matcher(v).matches()) {
        throw new IllegalArgumentException("invalid version name: " + v);
      }
    }
    if (!(canaryWeight >= 0 && canaryWeight <= 1)) {
      throw new IllegalArgumentException("\"canary_weight\" must be between 0 and 1");
    }
    if (canary == null) {
      canaryWeight = 0;
    }
    if (canaryGuard != null) {
      canaryGuard = canaryGuard.copy();
      for (String k : canaryGuard.fieldNames()) {
        if (!Set.of("metric", "max_drop", "min_labels", "auto_promote", TRIPPED, PROMOTED).contains(k)) {
          throw new IllegalArgumentException("unknown canary_guard field \"" + k + "\"");
        }
      }
      String metric = canaryGuard.getValue("metric", "accuracy") instanceof String m ? m : "";
      if (!"accuracy".equals(metric) && !"mae".equals(metric)) {
        throw new IllegalArgumentException("canary_guard.metric must be accuracy or mae");
      }
      if (!(canaryGuard.getValue("max_drop", 0.0) instanceof Number d) || d.doubleValue() < 0) {
        throw new IllegalArgumentException("canary_guard.max_drop must be a number >= 0");
      }
      if (!(canaryGuard.getValue("min_labels", 300) instanceof Number n) || n.intValue() < 1) {
        throw new IllegalArgumentException("canary_guard.min_labels must be a whole number >= 1");
      }
      if (!(canaryGuard.getValue("auto_promote", false) instanceof Boolean)) {
        throw new IllegalArgumentException("canary_guard.auto_promote must be true or false");
      }
    }
  }

  public static Aliases stableOnly(String version) {
    return new Aliases(version, null, 0, null);
  }

  /** Reads the JSON form; throws {@link IllegalArgumentException} with a reason a caller can act on. */
  public static Aliases fromJson(JsonObject j) {
    for (String key : j.fieldNames()) {
      if (!Set.of("stable", "canary", "canary_weight", "shadow", "canary_guard").contains(key)) {
        throw new IllegalArgumentException("unknown alias field \"" + key + "\"");
      }
    }
    Object w = j.getValue("canary_weight", 0);
    if (!(w instanceof Number)) {
      throw new IllegalArgumentException("\"canary_weight\" must be a number");
    }
    Object guard = j.getValue("canary_guard");
    if (guard != null && !(guard instanceof JsonObject)) {
      throw new IllegalArgumentException("\"canary_guard\" must be an object {\"metric\", \"max_drop\", \"min_labels\"}");
    }
    return new Aliases(string(j, "stable"), string(j, "canary"), ((Number) w).doubleValue(), string(j, "shadow"),
        (JsonObject) guard);
  }

  private static String string(JsonObject j, String key) {
    Object v = j.getValue(key);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException("\"" + key + "\" must be a version name (a string)");
    }
    return (String) v;
  }

  public static Aliases read(Path modelDir) throws IOException {
    if (!Files.exists(modelDir.resolve("aliases.json"))) {
      String latest = latestVersion(modelDir);
      if (latest == null) {
        throw new IOException("no aliases.json and no version directory (with a manifest.json, a model.txt or an MLmodel) in " + modelDir);
      }
      return new Aliases(latest, null, 0, null);
    }
    try {
      return fromJson(new JsonObject(Files.readString(modelDir.resolve("aliases.json"))));
    } catch (RuntimeException e) {
      throw new IOException("invalid aliases.json: " + e.getMessage(), e);
    }
  }

  /**
   * A model directory without aliases.json serves its newest version: what {@code train} just wrote is
   * served by configuration alone. Versions compare as numbers when both are, otherwise as text.
   */
  static String latestVersion(Path modelDir) throws IOException {
    if (!Files.isDirectory(modelDir)) {
      return null;
    }
    try (var dirs = Files.list(modelDir)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(Manifest.FILE)) || ModelSource.holdsModel(d))
          .map(d -> d.getFileName().toString())
          .max((a, b) -> a.matches("\\d{1,18}") && b.matches("\\d{1,18}")
              ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b)).orElse(null);
    }
  }

  /** Replaces aliases.json atomically (write aside, then rename), so a crash never leaves half a file. */
  public void write(Path modelDir) throws IOException {
    Path tmp = Files.createTempFile(modelDir, ".aliases", ".json");
    try {
      Files.writeString(tmp, toJson().encodePrettily() + "\n");
      Files.move(tmp, modelDir.resolve("aliases.json"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Every version an alias points at: these must be loaded. */
  public Set<String> versions() {
    Set<String> s = new LinkedHashSet<>();
    s.add(stable);
    if (canary != null) {
      s.add(canary);
    }
    if (shadow != null) {
      s.add(shadow);
    }
    return s;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("stable", stable);
    if (canary != null) {
      j.put("canary", canary).put("canary_weight", canaryWeight);
    }
    if (shadow != null) {
      j.put("shadow", shadow);
    }
    if (canaryGuard != null) {
      j.put("canary_guard", canaryGuard.copy());
    }
    return j;
  }
}
