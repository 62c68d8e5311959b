package dev.verdict.inference;

import dev.verdict.bus.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the workers export, every meter tagged {@code model} and {@code version}: inference latency, queue
 * wait (HTTP accept → worker start), batch size, predictions by path and by class, confidence, failures.
 * Meters are looked up once per tag set and cached, so the hot path does no registry work.
 */
public final class InferenceMetrics {
  private static final double[] CONFIDENCE_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0};
  private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500};

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public InferenceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void inference(String model, String version, long nanos) {
    timers.computeIfAbsent("i|" + model + "|" + version, k -> Timer.builder("verdict.inference")
        .description("Worker time to encode and score one request (all its records)")
        .tags("model", model, "version", version).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  void queueWait(String model, long nanos) {
    timers.computeIfAbsent("q|" + model, k -> Timer.builder("verdict.queue.wait")
        .description("Time from HTTP accept to the worker starting on the request")
        .tags("model", model).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  void batch(String model, String version, int size) {
    summaries.computeIfAbsent("b|" + model + "|" + version, k -> DistributionSummary.builder("verdict.batch.size")
        .description("Records per scoring request").baseUnit("records").tags("model", model, "version", version)
        .serviceLevelObjectives(BATCH_BUCKETS).register(registry)).record(size);
  }

  void predictions(List<Prediction> ps) {
    for (Prediction p : ps) {
      counters.computeIfAbsent("p|" + p.model() + "|" + p.version() + "|" + p.path() + "|" + p.predicted(),
          k -> Counter.builder("verdict.predictions").description("Predictions by answering path and predicted class")
              .tags("model", p.model(), "version", p.version(), "path", p.path(), "class", p.label())
              .register(registry)).increment();
      summaries.computeIfAbsent("c|" + p.model() + "|" + p.version() + "|" + p.path(),
          k -> DistributionSummary.builder("verdict.prediction.confidence")
              .description("Confidence (top class probability) of answers").tags("model", p.model(),
                  "version", p.version(), "path", p.path())
              .serviceLevelObjectives(CONFIDENCE_BUCKETS).register(registry)).record(p.confidence());
    }
  }

  void failure(String model, String code) {
    counters.computeIfAbsent("f|" + model + "|" + code, k -> Counter.builder("verdict.inference.failures")
        .description("Requests a worker refused or failed, by failure code")
        .tags("model", model == null ? "" : model, "code", code).register(registry)).increment();
  }
}
