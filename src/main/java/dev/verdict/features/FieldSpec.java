package dev.verdict.features;

import java.util.Objects;

/**
 * One input field of a model's schema and how it is encoded. The same record drives the API's input
 * validation and the feature vector, so the two cannot disagree.
 *
 * @param type       {@code text}, {@code categorical}, {@code number} or {@code integer}
 * @param buckets    hashed width for text and categorical fields (0 for numbers)
 * @param transform  for numbers: {@code none} or {@code log1p}
 * @param min        inclusive lower bound for numbers, or {@code null}
 * @param max        inclusive upper bound for numbers, or {@code null}
 * @param maxLength  maximum characters for strings
 */
public record FieldSpec(String name, String type, boolean required, int buckets, String transform,
                        Double min, Double max, int maxLength) {

  public static final String TEXT = "text";
  public static final String CATEGORICAL = "categorical";
  public static final String NUMBER = "number";
  public static final String INTEGER = "integer";

  public FieldSpec {
    Objects.requireNonNull(name, "field name");
    if (!(TEXT.equals(type) || CATEGORICAL.equals(type) || NUMBER.equals(type) || INTEGER.equals(type))) {
      throw new IllegalArgumentException("field " + name + ": unknown type " + type);
    }
    if (isHashed() && buckets <= 0) {
      throw new IllegalArgumentException("field " + name + ": hashed fields need buckets > 0");
    }
    transform = transform == null ? "none" : transform;
    if (!"none".equals(transform) && !"log1p".equals(transform)) {
      throw new IllegalArgumentException("field " + name + ": unknown transform " + transform);
    }
  }

  public boolean isHashed() {
    return TEXT.equals(type) || CATEGORICAL.equals(type);
  }

  public boolean isNumeric() {
    return NUMBER.equals(type) || INTEGER.equals(type);
  }

  /** Text fields add one numeric column (token count) after their hashed block. */
  public int width() {
    if (TEXT.equals(type)) {
      return buckets + 1;
    }
    return isHashed() ? buckets : 1;
  }
}
