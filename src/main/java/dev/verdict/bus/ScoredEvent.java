package dev.verdict.bus;

import dev.verdict.features.FeatureVector;

/** Published on {@link Addresses#SCORED} after each prediction; the drift verticle's input. Local-only. */
public record ScoredEvent(String model, String version, FeatureVector features, double[] probabilities,
                          int predicted, String path, long timestampMillis) {
}
