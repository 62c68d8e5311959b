package dev.verdict.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules a record's fields must meet to be scored, with a message per offending field: the one authority the
 * request door checks by and the pipeline encodes by.
 */
final class FieldRules {
  private FieldRules() {
  }

  static List<FieldError> validate(FeatureSpec spec, Map<String, ?> record) {
    List<FieldError> errors = new ArrayList<>();
    if (record == null) {
      errors.add(new FieldError("$", "must be a JSON object"));
      return errors;
    }
    for (FieldSpec f : spec.fields()) {
      Object v = missingAsNull(record.get(f.name()));
      if (v == null) {
        if (f.required() && !f.nullable()) {
          errors.add(new FieldError(f.name(), "is required"));
        } else if (f.required() && !record.containsKey(f.name())) {
          errors.add(new FieldError(f.name(), "is required (send null for a missing value)"));
        }
        continue;
      }
      String problem = f.isHashed() ? checkString(f, v) : f.isCategory() ? checkCategory(f, v) : checkNumber(f, v);
      if (problem != null) {
        errors.add(new FieldError(f.name(), problem));
      }
    }
    return errors;
  }

  private static String checkString(FieldSpec f, Object v) {
    if (!(v instanceof String s)) {
      return "must be a string";
    }
    if (s.length() > f.maxLength()) {
      return "must be at most " + f.maxLength() + " characters";
    }
    if (f.required() && !Tokenizer.hasToken(s)) {
      return "must contain at least one letter or digit";
    }
    return null;
  }

  /** NaN (from a binary tensor; JSON has none) says "missing", as null does. */
  static Object missingAsNull(Object v) {
    return v instanceof Double d && d.isNaN() || v instanceof Float x && x.isNaN() ? null : v;
  }

  /** A category: one of the strings it was trained on (any other is unseen, as LightGBM reads it), or its code. */
  private static String checkCategory(FieldSpec f, Object v) {
    if (v instanceof String s) {
      return s.length() > f.maxLength() ? "must be at most " + f.maxLength() + " characters" : null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Double.isFinite(n.doubleValue())) {
      return null;
    }
    return "must be one of the model's categories (" + String.join(", ", f.categories().subList(0,
        Math.min(8, f.categories().size()))) + (f.categories().size() > 8 ? ", ..." : "") + ") or its integer code";
  }

  private static String checkNumber(FieldSpec f, Object v) {
    if (!(v instanceof Number n)) {
      return FieldSpec.INTEGER.equals(f.type()) ? "must be an integer" : "must be a number";
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      return "must be a finite number";
    }
    if (FieldSpec.INTEGER.equals(f.type()) && d != Math.rint(d)) {
      return "must be an integer";
    }
    if (f.min() != null && d < f.min()) {
      return "must be >= " + fmt(f.min());
    }
    if (f.max() != null && d > f.max()) {
      return "must be <= " + fmt(f.max());
    }
    return null;
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
