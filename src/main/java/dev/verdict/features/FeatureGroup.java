package dev.verdict.features;

/**
 * A contiguous block of the feature vector that came from one field or cross; drift is measured per group.
 *
 * @param kind {@code hashed}, {@code numeric} or {@code length}
 */
public record FeatureGroup(String name, String kind, int start, int width) {
  public int end() {
    return start + width;
  }

  /** The input field or cross this group belongs to: a text field's token count is part of that field. */
  public String field() {
    return "length".equals(kind) && name.endsWith("_tokens") ? name.substring(0, name.length() - "_tokens".length())
        : name;
  }

  /** The distinct fields of {@code groups}, in order: what explanations sum contributions by. */
  public static java.util.List<String> fields(java.util.List<FeatureGroup> groups) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (FeatureGroup g : groups) {
      if (!out.contains(g.field())) {
        out.add(g.field());
      }
    }
    return out;
  }
}
