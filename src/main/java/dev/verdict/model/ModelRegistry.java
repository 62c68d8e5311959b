package dev.verdict.model;

import dev.verdict.features.FieldSpec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models on disk ({@code models/<name>/aliases.json} → {@code models/<name>/<version>/}), each version
 * validated before it is served: manifest readable, model.txt loadable and consistent with it, and a smoke
 * prediction that returns finite probabilities. A model that fails is reported, not served.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Map<String, ModelVersion> models;
  private final Map<String, String> failures;
  private final Map<String, Long> loadMillis;

  private ModelRegistry(Map<String, ModelVersion> models, Map<String, String> failures, Map<String, Long> loadMillis) {
    this.models = Collections.unmodifiableMap(models);
    this.failures = Collections.unmodifiableMap(failures);
    this.loadMillis = Collections.unmodifiableMap(loadMillis);
  }

  /** Scans {@code root}; blocking (file and native I/O): call it off the event loop. */
  public static ModelRegistry scan(Path root) {
    Map<String, ModelVersion> models = new TreeMap<>();
    Map<String, String> failures = new TreeMap<>();
    Map<String, Long> millis = new HashMap<>();
    if (!Files.isDirectory(root)) {
      failures.put("*", "models directory not found: " + root);
      return new ModelRegistry(models, failures, millis);
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!NAME.matcher(name).matches() || !Files.exists(dir.resolve("aliases.json"))) {
          continue;
        }
        long t0 = System.nanoTime();
        try {
          ModelVersion v = validate(dir.resolve(stableVersion(dir)));
          if (!v.name().equals(name)) {
            throw new IOException("manifest names the model \"" + v.name() + "\", its directory \"" + name + "\"");
          }
          models.put(name, v);
          millis.put(name, (System.nanoTime() - t0) / 1_000_000);
          LOG.info("model {} version {} loaded from {} ({} classes, {} features)", name, v.version(), v.dir(),
              v.labels().size(), v.pipeline().size());
        } catch (IOException | RuntimeException e) {
          failures.put(name, e.getMessage());
          LOG.error("model {} not served: {}", name, e.getMessage());
        }
      }
    } catch (IOException e) {
      failures.put("*", "cannot list " + root + ": " + e.getMessage());
    }
    return new ModelRegistry(models, failures, millis);
  }

  static String stableVersion(Path modelDir) throws IOException {
    JsonObject aliases;
    try {
      aliases = new JsonObject(Files.readString(modelDir.resolve("aliases.json")));
    } catch (RuntimeException e) {
      throw new IOException("invalid aliases.json: " + e.getMessage(), e);
    }
    String stable = aliases.getValue("stable") instanceof String s ? s : null;
    if (stable == null || !NAME.matcher(stable).matches()) {
      throw new IOException("aliases.json has no valid \"stable\" version");
    }
    return stable;
  }

  /** Everything a version must pass before it may serve. */
  public static ModelVersion validate(Path versionDir) throws IOException {
    ModelVersion v = ModelVersion.openAllowingDegraded(versionDir);
    if (v.degraded()) {
      LOG.error("model in {} starts DEGRADED, answering from its fallback: {}", versionDir, v.primaryProblem());
      return v;
    }
    try (LightGbmScorer scorer = v.openScorer()) {
      double[] p = scorer.predict(v.pipeline().encode(smokeRecord(v)));
      double sum = 0;
      for (double d : p) {
        if (!Double.isFinite(d)) {
          throw new IOException("smoke prediction returned a non-finite score");
        }
        sum += d;
      }
      if (Math.abs(sum - 1.0) > 1e-6) {
        throw new IOException("smoke prediction probabilities sum to " + sum);
      }
    }
    return v;
  }

  private static Map<String, Object> smokeRecord(ModelVersion v) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (FieldSpec f : v.manifest().features().fields()) {
      if (f.required()) {
        r.put(f.name(), f.isHashed() ? "verdict smoke test" : (f.min() != null ? f.min() : 1.0));
      }
    }
    return r;
  }

  public Map<String, ModelVersion> models() {
    return models;
  }

  public ModelVersion get(String name) {
    return models.get(name);
  }

  public Map<String, String> failures() {
    return failures;
  }

  public Map<String, Long> loadMillis() {
    return loadMillis;
  }
}
