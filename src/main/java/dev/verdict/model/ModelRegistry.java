package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models on disk ({@code models/<name>/aliases.json} → {@code models/<name>/<version>/}) and what each
 * serves now, as one {@link ModelSlot} per model, swapped whole on reload or alias change. Every version is
 * validated before it may serve: manifest readable and naming this model and version, model.txt loadable and
 * consistent with it, and a smoke prediction that returns finite probabilities.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path root;
  private final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  /** Control addresses of this node's inference workers (each loads and frees its own boosters). */
  private final Set<String> workers = ConcurrentHashMap.newKeySet();

  private final ScorerPlan.Mode scorerMode;

  private ModelRegistry(Path root, ScorerPlan.Mode scorerMode) {
    this.root = root;
    this.scorerMode = scorerMode;
  }

  /** Scans {@code root} with the default {@code auto} scorer. */
  public static ModelRegistry scan(Path root) {
    return scan(root, ScorerPlan.Mode.AUTO);
  }

  /** Scans {@code root}; blocking (file and native I/O): call it off the event loop. */
  public static ModelRegistry scan(Path root, ScorerPlan.Mode scorerMode) {
    ModelRegistry reg = new ModelRegistry(root, scorerMode);
    if (!Files.isDirectory(root)) {
      reg.failures.put("*", "models directory not found: " + root);
      return reg;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!NAME.matcher(name).matches()) {
          LOG.warn("models/{}: not served, a model name is letters, digits, '.', '_' and '-' (64 at most)", name);
        } else if (Files.exists(dir.resolve("aliases.json")) || Aliases.latestVersion(dir) != null) {
          reg.scanModel(name, dir);
        } else {
          LOG.warn("models/{}: not served, no version directory holds a model.txt, an MLmodel or a manifest.json",
              name);
        }
      }
    } catch (IOException e) {
      reg.failures.put("*", "cannot list " + root + ": " + e.getMessage());
    }
    return reg;
  }

  private void scanModel(String name, Path dir) {
    Aliases aliases;
    Map<String, ModelVersion> versions = new LinkedHashMap<>();
    Map<String, Long> millis = new LinkedHashMap<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    try {
      aliases = Aliases.read(dir);
      if (!Files.exists(dir.resolve("aliases.json"))) {
        LOG.info("model {}: no aliases.json, serving its newest version {}", name, aliases.stable());
      }
      long t0 = System.nanoTime();
      // At start-up a broken stable version may still serve, degraded, from its fallback.
      versions.put(aliases.stable(), validate(name, aliases.stable(), dir.resolve(aliases.stable()), true, scorerMode));
      millis.put(aliases.stable(), (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      failures.put(name, e.getMessage());
      LOG.error("model {} not served: {}", name, e.getMessage());
      return;
    }
    for (String v : aliases.versions()) {
      if (!versions.containsKey(v)) {
        long t0 = System.nanoTime();
        try {
          versions.put(v, validate(name, v, dir.resolve(v), false, scorerMode));
          millis.put(v, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
          rejected.put(v, e.getMessage());
          LOG.error("model {} version {} rejected: {}", name, v, e.getMessage());
        }
      }
    }
    // A canary or shadow that failed validation is dropped from routing; stable keeps everything.
    Aliases usable = new Aliases(aliases.stable(), versions.containsKey(String.valueOf(aliases.canary()))
        ? aliases.canary() : null, aliases.canaryWeight(),
        versions.containsKey(String.valueOf(aliases.shadow())) ? aliases.shadow() : null, aliases.canaryGuard());
    versions.values().forEach(v -> LOG.info("model {} version {} loaded from {}: {}", name, v.version(), v.dir(),
        describe(v)));
    slots.put(name, new ModelSlot(name, versions, usable, rejected, millis));
  }

  /**
   * Everything a version must pass before it may serve.
   *
   * @param allowDegraded true at start-up only: a version whose primary is broken but has a fallback serves
   *                      from the fallback. A reload never swaps a working version for a degraded one.
   * @param mode          how it may score: a compiled forest must first reproduce this booster (see
   *                      {@link ScorerPlan#decide})
   */
  public static ModelVersion validate(String name, String version, Path versionDir, boolean allowDegraded,
                                      ScorerPlan.Mode mode) throws IOException {
    if (!Files.isDirectory(versionDir)) {
      throw new IOException("version directory not found: " + versionDir);
    }
    ModelVersion v = allowDegraded ? ModelVersion.openAllowingDegraded(versionDir) : ModelVersion.open(versionDir);
    if (!v.name().equals(name)) {
      throw new IOException("manifest names the model \"" + v.name() + "\", its directory \"" + name + "\"");
    }
    if (!v.version().equals(version)) {
      throw new IOException("manifest says version \"" + v.version() + "\", its directory \"" + version + "\"");
    }
    if (v.degraded()) {
      LOG.error("model in {} starts DEGRADED, answering from its fallback: {}", versionDir, v.primaryProblem());
      return v;
    }
    try (LightGbmScorer scorer = v.openBooster()) {
      FeatureVector sample = v.pipeline().encode(v.sampleRecord());
      double[] p = scorer.predict(sample);
      double sum = 0;
      for (double d : p) {
        if (!Double.isFinite(d)) {
          throw new IOException("smoke prediction returned a non-finite score");
        }
        sum += d;
      }
      if (v.objective().classifier() && Math.abs(sum - 1.0) > 1e-6) {
        throw new IOException("smoke prediction probabilities sum to " + sum);
      }
      return v.withScoring(ScorerPlan.decide(v, scorer, java.util.List.of(sample), mode));
    }
  }

  /** One line: what the version answers, where its manifest came from, and what it lacks. */
  static String describe(ModelVersion v) {
    Objective o = v.objective();
    StringBuilder b = new StringBuilder(o.name()).append(" (").append(o.kind().wire());
    if (o.classifier()) {
      b.append(", ").append(v.labels().size()).append(" classes");
    }
    b.append("), ").append(v.manifest().features().fields().size()).append(" fields → ").append(v.pipeline().size())
        .append(" features; manifest ").append(v.manifest().derived() ? "derived from the model file" : "from manifest.json");
    java.util.List<String> missing = new java.util.ArrayList<>();
    if (!Files.isRegularFile(v.dir().resolve(ModelVersion.BASELINE_FILE))) {
      missing.add("no baseline (no drift, support from the model's feature ranges)");
    }
    if (!Files.isDirectory(v.fallbackDir())) {
      missing.add("no fallback");
    }
    return missing.isEmpty() ? b.toString() : b.append("; ").append(String.join(", ", missing)).toString();
  }

  public ScorerPlan.Mode scorerMode() {
    return scorerMode;
  }

  public Path root() {
    return root;
  }

  /** The stable version of every served model, by name. */
  public Map<String, ModelVersion> models() {
    Map<String, ModelVersion> m = new TreeMap<>();
    slots.forEach((name, slot) -> m.put(name, slot.stable()));
    return Collections.unmodifiableMap(m);
  }

  /** The stable version of a model, or null. */
  public ModelVersion get(String name) {
    ModelSlot s = slots.get(name);
    return s == null ? null : s.stable();
  }

  public ModelSlot slot(String name) {
    return slots.get(name);
  }

  public Map<String, ModelSlot> slots() {
    return Collections.unmodifiableMap(new TreeMap<>(slots));
  }

  /** Swaps a model's routing in one step. */
  public void put(ModelSlot slot) {
    slots.put(slot.name(), slot);
    failures.remove(slot.name());
  }

  /** Models that serve nothing at all, with why. */
  public Map<String, String> failures() {
    return Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /** Validation and load time of each model's stable version, in milliseconds. */
  public Map<String, Long> loadMillis() {
    Map<String, Long> m = new TreeMap<>();
    slots.forEach((name, slot) -> m.put(name, slot.loadMillis().getOrDefault(slot.aliases().stable(), 0L)));
    return m;
  }

  /** Versions validated by a reload and waiting for the workers to open them (name@version). */
  private final Map<String, ModelVersion> staged = new ConcurrentHashMap<>();

  public void stage(ModelVersion v) {
    staged.put(dev.verdict.bus.VersionKey.of(v.name(), v.version()), v);
  }

  public void unstage(ModelVersion v) {
    staged.remove(dev.verdict.bus.VersionKey.of(v.name(), v.version()));
  }

  /** A staged version, or one already in the model's slot. */
  public ModelVersion staged(String name, String version) {
    ModelVersion v = staged.get(dev.verdict.bus.VersionKey.of(name, version));
    if (v == null && slots.get(name) != null) {
      v = slots.get(name).versions().get(version);
    }
    return v;
  }

  public Set<String> workers() {
    return workers;
  }
}
