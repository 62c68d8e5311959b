package dev.verdict.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code verdict_predictions_total}: answers by model, version, answering path and predicted class, counted where
 * they are answered (a worker, or the response cache on an event loop). Defined here once.
 */
public final class PredictionCounter {
  private PredictionCounter() {
  }

  /** The counter of one series; {@code predicted} is the class label, or "value" for a regression. */
  public static Counter of(MeterRegistry registry, String model, String version, String path, String predicted) {
    return Counter.builder("verdict.predictions").description("Predictions by answering path and predicted class")
        .tags("model", model, "version", version, "path", path, "class", predicted).register(registry);
  }
}
