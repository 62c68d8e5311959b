package dev.verdict.features;

import java.util.Objects;

/**
 * One input field of a model's schema and how it is encoded. The same record drives the API's input
 * validation and the feature vector, so the two cannot disagree.
 *
 * @param type       {@code text}, {@code categorical} (hashed), {@code category} (one column holding the value's
 *                   index in {@code categories}, as pandas codes it for LightGBM), {@code number} or {@code integer}
 * @param buckets    hashed width for text and categorical fields (0 for numbers)
 * @param transform  for numbers: {@code none} or {@code log1p}
 * @param min        inclusive lower bound for numbers, or {@code null}
 * @param max        inclusive upper bound for numbers, or {@code null}
 * @param maxLength  maximum characters for strings
 * @param nullable   whether {@code null} is accepted as "missing on purpose"; a required field must then still be
 *                   named in the record. Manifests written before this flag: optional fields only.
 * @param categories for {@code category} fields: the values in code order; any other string is unseen
 */
public record FieldSpec(String name, String type, boolean required, int buckets, String transform,
                        Double min, Double max, int maxLength, boolean nullable, java.util.List<String> categories) {

  public static final String TEXT = "text";
  public static final String CATEGORICAL = "categorical";
  public static final String NUMBER = "number";
  public static final String INTEGER = "integer";
  public static final String CATEGORY = "category";

  public FieldSpec(String name, String type, boolean required, int buckets, String transform, Double min, Double max,
                   int maxLength) {
    this(name, type, required, buckets, transform, min, max, maxLength, !required, null);
  }

  public FieldSpec {
    Objects.requireNonNull(name, "field name");
    if (!(TEXT.equals(type) || CATEGORICAL.equals(type) || NUMBER.equals(type) || INTEGER.equals(type)
        || CATEGORY.equals(type))) {
      throw new IllegalArgumentException("field " + name + ": unknown type " + type);
    }
    if (CATEGORY.equals(type) && (categories == null || categories.isEmpty())) {
      throw new IllegalArgumentException("field " + name + ": a category field lists its categories");
    }
    categories = categories == null ? null : java.util.List.copyOf(categories);
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

  public boolean isCategory() {
    return CATEGORY.equals(type);
  }

  /** Text fields add one numeric column (token count) after their hashed block. */
  public int width() {
    if (TEXT.equals(type)) {
      return buckets + 1;
    }
    return isHashed() ? buckets : 1;
  }
}
