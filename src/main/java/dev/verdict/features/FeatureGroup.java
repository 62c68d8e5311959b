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
}
