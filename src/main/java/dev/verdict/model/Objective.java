package dev.verdict.model;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * What a model answers, from its LightGBM objective: a class among K ({@code multiclass}, {@code multiclassova}),
 * one of two ({@code binary}, with a decision threshold on the probability of "1"), or a number (the regression
 * objectives). The manifest records it; {@code model.txt} is the authority and the two must agree at load.
 *
 * @param name      LightGBM's objective name, e.g. {@code binary} or {@code huber}
 * @param threshold binary only: the probability of class "1" at or above which "1" is predicted
 */
public record Objective(Kind kind, String name, double threshold) {

  public enum Kind {
    MULTICLASS, BINARY, REGRESSION;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Set<String> REGRESSION = Set.of("regression", "regression_l2", "regression_l1", "huber",
      "fair", "poisson", "quantile", "mape", "gamma", "tweedie", "l1", "l2", "mse", "mae", "rmse");

  public Objective {
    if (kind == Kind.BINARY && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("a binary decision threshold must lie in (0, 1), got " + threshold);
    }
  }

  /** From model.txt's {@code objective=} line ({@code binary sigmoid:1}, {@code multiclass num_class:3}, ...). */
  public static Objective parse(String line, int numClass) {
    String name = line.isBlank() ? "" : line.strip().split(" ")[0];
    if (name.startsWith("multiclass") || name.equals("softmax") || numClass > 1) {
      if (numClass < 2) {
        throw new IllegalArgumentException("objective " + name + " with " + numClass + " class");
      }
      return new Objective(Kind.MULTICLASS, name.isEmpty() ? "multiclass" : name, 0.5);
    }
    if (name.equals("binary") || name.equals("cross_entropy") || name.equals("xentropy")) {
      return new Objective(Kind.BINARY, name, 0.5);
    }
    if (REGRESSION.contains(name)) {
      return new Objective(Kind.REGRESSION, name, 0.5);
    }
    throw new IllegalArgumentException("objective \"" + name + "\" is not served (binary, multiclass, multiclassova "
        + "and the regression objectives are)");
  }

  /** The manifest's {@code objective}; manifests written before it existed are multiclass. */
  public static Objective fromJson(JsonObject j) {
    if (j == null) {
      return new Objective(Kind.MULTICLASS, "multiclass", 0.5);
    }
    String kind = j.getString("kind", "multiclass");
    Kind k;
    try {
      k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("objective.kind must be multiclass, binary or regression, got " + kind);
    }
    return new Objective(k, j.getString("name", k.wire()), j.getDouble("threshold", 0.5));
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("kind", kind.wire()).put("name", name);
    return kind == Kind.BINARY ? j.put("threshold", threshold) : j;
  }

  public boolean regression() {
    return kind == Kind.REGRESSION;
  }

  public boolean classifier() {
    return kind != Kind.REGRESSION;
  }

  /** How many answers the booster writes per row: 1 for binary and regression, K for multiclass. */
  public int outputs(int classes) {
    return kind == Kind.MULTICLASS ? classes : 1;
  }
}
