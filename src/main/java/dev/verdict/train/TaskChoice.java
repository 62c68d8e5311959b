package dev.verdict.train;

import dev.verdict.model.Objective;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code train} learns: the spec's {@code objective} when it names one, otherwise inferred from the label
 * column and printed, so a numeric target is never silently treated as classes (nor a code as a number).
 */
final class TaskChoice {
  /** More distinct whole numbers than this in a numeric label: a quantity, not class codes. */
  static final int MAX_CLASS_CODES = 20;

  private TaskChoice() {
  }

  /** @return the objective, and the line that says how it was chosen */
  static Chosen of(String specObjective, String labelField, List<String> labels) throws IOException {
    Set<String> distinct = new HashSet<>(labels);
    if (specObjective != null) {
      Objective o;
      try {
        o = Objective.parse(specObjective, specObjective.startsWith("multiclass") ? distinct.size() : 1);
      } catch (IllegalArgumentException e) {
        throw new IOException("spec \"objective\": " + e.getMessage(), e);
      }
      if (o.regression() && !allNumbers(labels)) {
        throw new IOException("spec \"objective\" is " + o.name() + ", but label \"" + labelField
            + "\" has values that are not numbers");
      }
      if (o.kind() == Objective.Kind.BINARY && distinct.size() != 2) {
        throw new IOException("spec \"objective\" is binary, but label \"" + labelField + "\" has " + distinct.size()
            + " distinct values");
      }
      return new Chosen(o, "objective: " + o.name() + " (from the spec)");
    }
    boolean fractional = allNumbers(labels) && fractional(labels);
    if (regressionLike(labels)) {
      return new Chosen(new Objective(Objective.Kind.REGRESSION, "regression", 0.5), "objective: regression "
          + "(inferred: label \"" + labelField + "\" is numeric with " + distinct.size() + " distinct values"
          + (fractional ? ", some fractional" : "") + "; set \"objective\" in the spec to choose)");
    }
    if (distinct.size() < 2) {
      throw new IOException("label \"" + labelField + "\" has " + distinct.size()
          + " distinct value: nothing to learn");
    }
    if (distinct.size() == 2) {
      return new Chosen(new Objective(Objective.Kind.BINARY, "binary", 0.5), "objective: binary (inferred: label \""
          + labelField + "\" has two values; set \"objective\" in the spec to choose)");
    }
    return new Chosen(new Objective(Objective.Kind.MULTICLASS, "multiclass", 0.5), "objective: multiclass "
        + "(inferred: label \"" + labelField + "\" has " + distinct.size() + " classes; set \"objective\" in the spec"
        + " to choose)");
  }

  record Chosen(Objective objective, String line) {
  }

  /** A numeric label with fractions or many distinct values: a quantity, not class codes. */
  static boolean regressionLike(List<String> labels) {
    return allNumbers(labels) && (fractional(labels) || new HashSet<>(labels).size() > MAX_CLASS_CODES);
  }

  private static boolean fractional(List<String> labels) {
    return labels.stream().anyMatch(l -> {
      double d = Double.parseDouble(l);
      return d != Math.rint(d);
    });
  }

  private static boolean allNumbers(List<String> labels) {
    for (String l : labels) {
      try {
        if (!Double.isFinite(Double.parseDouble(l))) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return !labels.isEmpty();
  }
}
