package dev.verdict.model;

import dev.verdict.features.FeaturePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One version directory on disk, read once: manifest, feature pipeline and the files that go with them.
 * Shared read-only by all workers; each worker opens its own {@link LightGbmScorer} from {@link #dir()}.
 */
public record ModelVersion(Path dir, Manifest manifest, FeaturePipeline pipeline, String primaryProblem,
                           ScorerPlan scoring) {

  public static final String MODEL_FILE = "model.txt";
  public static final String BASELINE_FILE = "baseline.json";
  public static final String FALLBACK_DIR = "fallback";

  /**
   * Opens a version: its manifest checked against its model file, or with no manifest.json, the manifest the
   * model file implies ({@link DerivedManifest}), named after the directories.
   */
  public static ModelVersion open(Path dir) throws IOException {
    Path file = ModelSource.modelFile(dir);
    if (file == null) {
      throw new IOException("no " + MODEL_FILE + " (or MLflow " + ModelSource.MLMODEL + ") in " + dir);
    }
    ModelTextCheck.verify(file);
    ModelFile mf = ModelFile.read(file);
    Manifest m;
    if (Files.isRegularFile(dir.resolve(Manifest.FILE))) {
      m = Manifest.read(dir, mf);
      ManifestCheck.against(m, mf, file);
    } else {
      Path abs = dir.toAbsolutePath().normalize();
      m = Manifest.fromJson(DerivedManifest.of(abs.getParent().getFileName().toString(),
          abs.getFileName().toString(), mf, null).put("derived_at_load", true), mf);
    }
    return new ModelVersion(dir, m, new FeaturePipeline(m.features()), null, ScorerPlan.BOOSTER);
  }

  /** The LightGBM text model this version serves: model.txt, or the file an MLflow directory names. */
  public Path modelFile() throws IOException {
    Path f = ModelSource.modelFile(dir);
    if (f == null) {
      throw new IOException("no model file in " + dir);
    }
    return f;
  }

  public Objective objective() {
    return manifest.objective();
  }

  /**
   * Opens a version whose primary model may be missing or broken: with a readable manifest and a fallback
   * model on disk it can still answer (degraded, from the fallback), and {@link #primaryProblem()} says why.
   */
  public static ModelVersion openAllowingDegraded(Path dir) throws IOException {
    try {
      return open(dir);
    } catch (IOException primary) {
      Manifest m = Manifest.read(dir);
      if (!hasFallback(dir.resolve(FALLBACK_DIR))) {
        throw primary;
      }
      return new ModelVersion(dir, m, new FeaturePipeline(m.features()), primary.getMessage(),
          new ScorerPlan("none", "primary model not loaded", null, null));
    }
  }

  private static boolean hasFallback(Path fallbackDir) throws IOException {
    if (!Files.isDirectory(fallbackDir)) {
      return false;
    }
    try (var files = Files.list(fallbackDir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".ser.gz")
          || f.getFileName().toString().endsWith(".json"));
    }
  }

  /** This version with its scoring decided (by the registry, at validation). */
  public ModelVersion withScoring(ScorerPlan plan) {
    return new ModelVersion(dir, manifest, pipeline, primaryProblem, plan);
  }

  public boolean degraded() {
    return primaryProblem != null;
  }

  public String name() {
    return manifest.name();
  }

  public String version() {
    return manifest.version();
  }

  public List<String> labels() {
    return manifest.labels();
  }

  public Path fallbackDir() {
    return dir.resolve(FALLBACK_DIR);
  }

  /**
   * Opens this worker's scorer: its own DJL-loaded booster, plus its own compiled evaluator over the shared
   * forest when the registry proved it. Checks the booster agrees with the manifest, so a mismatched model.txt
   * fails at load.
   */
  public LightGbmScorer openScorer() throws IOException {
    LightGbmScorer s = openBooster();
    if (scoring.compiled()) {
      s.attach(new CompiledScorer(scoring.forest()));
    }
    return s;
  }

  /** The DJL-loaded booster alone: the engine of record and the reference the compiled scorer must match. */
  public LightGbmScorer openBooster() throws IOException {
    if (primaryProblem != null) {
      throw new IOException("primary model not loaded: " + primaryProblem);
    }
    LightGbmScorer s = LightGbmScorer.load(dir);
    int outputs = objective().outputs(labels().size());
    if (s.numClass() != outputs || s.numFeatures() != pipeline.size()) {
      s.close();
      throw new IOException(dir + ": the model file has " + s.numClass() + " outputs / " + s.numFeatures()
          + " features, the manifest " + outputs + " / " + pipeline.size());
    }
    s.objective(objective());
    return s;
  }

  /**
   * A record every field of this version accepts: text and categories as words, numbers at their minimum (or
   * 1). Used for the smoke prediction that validates a version and to warm the request validator at start.
   */
  public java.util.Map<String, Object> sampleRecord() {
    java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
    for (dev.verdict.features.FieldSpec f : manifest.features().fields()) {
      if (f.isCategory()) {
        r.put(f.name(), f.categories().get(0));
      } else if (f.isHashed()) {
        r.put(f.name(), "verdict sample " + f.name());
      } else if (dev.verdict.features.FieldSpec.INTEGER.equals(f.type())) {
        r.put(f.name(), f.min() != null ? (long) Math.ceil(f.min()) : 1L);
      } else {
        r.put(f.name(), f.min() != null ? f.min() : 1.0);
      }
    }
    return r;
  }
}
