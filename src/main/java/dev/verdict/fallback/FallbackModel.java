package dev.verdict.fallback;

import dev.verdict.features.FeatureVector;
import java.util.Map;

/** A simpler model that can answer when the primary LightGBM model is unsafe or broken. */
public interface FallbackModel {
  /** Name as used in config and in responses: {@code random-forest}, {@code naive-bayes}, {@code rules}. */
  String kind();

  /** Class probabilities (label order of the manifest) for one record and its encoded vector. */
  double[] predictProba(FeatureVector vector, Map<String, ?> record);

  /** What each column of the row added to class {@code cls}'s score, or null when this model cannot say. */
  default Attribution attribute(FeatureVector vector, int cls) {
    return null;
  }
}
