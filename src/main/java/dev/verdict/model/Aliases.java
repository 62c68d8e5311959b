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
 * path ({@code shadow}).
 */
public record Aliases(String stable, String canary, double canaryWeight, String shadow) {
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
  }

  public static Aliases stableOnly(String version) {
    return new Aliases(version, null, 0, null);
  }

  /** Reads the JSON form; throws {@link IllegalArgumentException} with a reason a caller can act on. */
  public static Aliases fromJson(JsonObject j) {
    for (String key : j.fieldNames()) {
      if (!Set.of("stable", "canary", "canary_weight", "shadow").contains(key)) {
        throw new IllegalArgumentException("unknown alias field \"" + key + "\"");
      }
    }
    Object w = j.getValue("canary_weight", 0);
    if (!(w instanceof Number)) {
      throw new IllegalArgumentException("\"canary_weight\" must be a number");
    }
    return new Aliases(string(j, "stable"), string(j, "canary"), ((Number) w).doubleValue(), string(j, "shadow"));
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
    return j;
  }
}
