package dev.verdict.bus;

import dev.verdict.features.FeatureVector;

/**
 * Published on {@link Addresses#SCORED} after each prediction; the drift verticle's input. Local-only.
 *
 * @param primary the primary model's probabilities, or null when it did not score this record (concept
 *                drift is about the primary model, whatever answered)
 * @param path    who answered: primary, fallback or default
 * @param support the input's support figure, as its answer carried it (null without a baseline)
 */
public record ScoredEvent(String model, String version, FeatureVector features, double[] primary, String path,
                          Support support, long timestampMillis) {
}
