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
 *
 * <p>The meters of one model version sit together in a {@link VersionMeters} found with one map lookup per
 * request; predictions then index arrays by path and class. Per-prediction registry lookups with string keys
 * cost a few points of saturated throughput.
 */
public final class InferenceMetrics {
  private static final double[] CONFIDENCE_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0};
  private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500};
  private static final List<String> PATHS = List.of("primary", "fallback", "default");
  /**
   * Latency histogram buckets, 50 µs to 10 s. Explicit and few (17) rather than Micrometer's percentile
   * histogram (about 70 per series): cheaper to record and to scrape, and enough for SLO queries.
   */
  static final Duration[] LATENCY_BUCKETS = dev.verdict.bus.LatencyBuckets.BOUNDS;

  private final MeterRegistry registry;
  private final Map<String, Map<String, VersionMeters>> versions = new ConcurrentHashMap<>();
  private final Map<String, Timer> queueWait = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  public InferenceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The meters of one model version, created on first use. */
  VersionMeters of(String model, String version) {
    return versions.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(version, v -> new VersionMeters(model, version));
  }

  void queueWait(String model, long nanos) {
    queueWait.computeIfAbsent(model, m -> Timer.builder("verdict.queue.wait")
        .description("Time from HTTP accept to the worker starting on the request")
        .tags("model", m).serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  void failure(String model, String code) {
    String m = model == null ? "" : model;
    failures.computeIfAbsent(m + '|' + code, k -> Counter.builder("verdict.inference.failures")
        .description("Requests a worker refused or failed, by failure code")
        .tags("model", m, "code", code).register(registry)).increment();
  }

  /** One model version's meters. Class counters are registered lazily; a racing double registration is harmless. */
  final class VersionMeters {
    private final String model;
    private final String version;
    private final Timer inference;
    private final DistributionSummary batch;
    private final DistributionSummary[] confidence = new DistributionSummary[PATHS.size()];
    private final Counter[][] byClass = new Counter[PATHS.size()][];

    private VersionMeters(String model, String version) {
      this.model = model;
      this.version = version;
      inference = Timer.builder("verdict.inference")
          .description("Worker time to encode and score one request (all its records)")
          .tags("model", model, "version", version).serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry);
      batch = DistributionSummary.builder("verdict.batch.size")
          .description("Records per scoring request").baseUnit("records").tags("model", model, "version", version)
          .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
      for (int p = 0; p < PATHS.size(); p++) {
        confidence[p] = DistributionSummary.builder("verdict.prediction.confidence")
            .description("Confidence (top class probability) of answers")
            .tags("model", model, "version", version, "path", PATHS.get(p))
            .serviceLevelObjectives(CONFIDENCE_BUCKETS).register(registry);
      }
    }

    private Counter shadowAgree;
    private Counter shadowDisagree;
    private Counter shadowFailed;

    /** A shadow score, compared with the answer the caller got. */
    void shadow(boolean scored, boolean agree) {
      if (shadowAgree == null) {
        shadowAgree = shadowCounter("agree");
        shadowDisagree = shadowCounter("disagree");
        shadowFailed = shadowCounter("failed");
      }
      (!scored ? shadowFailed : agree ? shadowAgree : shadowDisagree).increment();
    }

    private Counter shadowCounter(String outcome) {
      return Counter.builder("verdict.shadow.predictions")
          .description("Records a shadow version scored off the request path, by agreement with the answer given")
          .tags("model", model, "version", version, "outcome", outcome).register(registry);
    }

    void inference(long nanos) {
      inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    void batch(int size) {
      batch.record(size);
    }

    void predictions(List<Prediction> ps) {
      for (Prediction p : ps) {
        int path = PATHS.indexOf(p.path());
        if (path < 0) {
          throw new IllegalArgumentException("unknown answer path " + p.path());
        }
        if (!p.regression()) {
          confidence[path].record(p.confidence());
        }
        classCounter(path, p).increment();
      }
    }

    private Counter classCounter(int path, Prediction p) {
      Counter[] row = byClass[path];
      // A regression's answers are one series: a tag per value would grow without bound.
      if (row == null || row.length != Math.max(1, p.labels().size())) {
        row = new Counter[Math.max(1, p.labels().size())];
        byClass[path] = row;
      }
      Counter c = row[p.predicted()];
      if (c == null) {
        c = dev.verdict.bus.PredictionCounter.of(registry, model, version, PATHS.get(path),
            p.regression() ? "value" : p.label());
        row[p.predicted()] = c;
      }
      return c;
    }
  }
}
