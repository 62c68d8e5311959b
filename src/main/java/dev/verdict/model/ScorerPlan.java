package dev.verdict.model;

import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a version scores, decided once when it is validated: through the compiled forest (only after
 * {@link ScorerCheck} proved it equal to the DJL-loaded booster) or through the booster itself, with why.
 * Workers share the parsed forest read-only and each builds its own {@link CompiledScorer} over it.
 */
public record ScorerPlan(String kind, String reason, TreeForest forest, ScorerCheck check, ScorerTiming timing) {
  private static final Logger LOG = LoggerFactory.getLogger(ScorerPlan.class);

  public ScorerPlan(String kind, String reason, TreeForest forest, ScorerCheck check) {
    this(kind, reason, forest, check, null);
  }

  /**
   * The {@code scorer} setting: {@code auto} serves the compiled forest when it is proven and measured faster
   * than the booster, {@code compiled} insists on it, {@code lightgbm} never compiles.
   */
  public enum Mode {
    AUTO, COMPILED, LIGHTGBM;

    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("scorer must be auto, compiled or lightgbm, got \"" + s + "\"");
      }
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A version nobody decided for (opened outside the registry, e.g. by {@code evaluate}): the booster. */
  public static final ScorerPlan BOOSTER = new ScorerPlan("lightgbm", "not validated by the registry", null, null);

  public boolean compiled() {
    return forest != null;
  }

  /**
   * Parses {@code model.txt} and checks the forest against {@code booster} on {@code sample} plus the load
   * fuzz. In {@code compiled} mode a failure rejects the version; in {@code auto} it serves through the booster.
   */
  public static ScorerPlan decide(ModelVersion v, LightGbmScorer booster, List<FeatureVector> sample, Mode mode)
      throws IOException {
    if (mode == Mode.LIGHTGBM) {
      return new ScorerPlan("lightgbm", "scorer=lightgbm in the configuration", null, null);
    }
    String why;
    ScorerCheck check = null;
    long t0 = System.nanoTime();
    try {
      TreeForest forest = TreeForest.read(v.modelFile());
      if (forest.numClass() != booster.numClass() || forest.numFeatures() > booster.numFeatures()) {
        why = "model.txt parses to " + forest.numClass() + " classes / " + forest.numFeatures()
            + " features, the booster has " + booster.numClass() + " / " + booster.numFeatures();
      } else {
        check = ScorerCheck.run(booster, forest, sample, ScorerCheck.LOAD_FUZZ_ROWS, ScorerCheck.FUZZ_SEED);
        if (check.passed()) {
          ScorerTiming timing = ScorerTiming.measure(booster, forest, sample);
          LOG.info("model {} version {}: compiled scorer proven against the booster on {} rows in {} ms "
                  + "(raw scores exact, outputs within {} ulps); per row {} us compiled, {} us booster", v.name(),
              v.version(), check.rows(), (System.nanoTime() - t0) / 1_000_000, check.maxOutputUlps(),
              String.format("%.2f", timing.compiledMicros()), String.format("%.2f", timing.boosterMicros()));
          if (mode == Mode.COMPILED || timing.compiledFaster()) {
            return new ScorerPlan("compiled", mode == Mode.COMPILED ? "scorer=compiled in the configuration"
                : "measured faster than the booster", forest, check, timing);
          }
          LOG.info("model {} version {} scores through the LightGBM booster: measured faster than the proven "
              + "compiled forest", v.name(), v.version());
          return new ScorerPlan("lightgbm", "measured faster than the proven compiled forest", null, check, timing);
        }
        why = "compiled scorer disagrees with the booster (" + check.firstMismatch() + ")";
      }
    } catch (IOException | RuntimeException e) {
      why = "model.txt cannot be compiled: " + e.getMessage();
    }
    if (mode == Mode.COMPILED) {
      throw new IOException("scorer=compiled, but " + why);
    }
    LOG.warn("model {} version {} scores through the LightGBM booster: {}", v.name(), v.version(), why);
    return new ScorerPlan("lightgbm", why, null, check);
  }

  /** As {@code GET /models} shows it. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("kind", kind);
    if (forest != null) {
      j.put("layout", forest.layout());
    }
    if (reason != null) {
      j.put("reason", reason);
    }
    if (check != null) {
      j.put("check", check.toJson());
    }
    if (timing != null) {
      j.put("timing", timing.toJson());
    }
    return j;
  }
}
