package dev.verdict.app;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Vert.x instance: blocked-thread checking, and Micrometer metrics into a Prometheus registry of
 * its own (one per instance, so several Verdicts in one JVM never share meters).
 */
public final class VerdictVertx {
  private VerdictVertx() {
  }

  public record Built(Vertx vertx, PrometheusMeterRegistry registry) {
  }

  /** Starts Vert.x: clustered (Hazelcast) when the config says so, else standalone. */
  public static Future<Built> start(VerdictConfig config, long blockedCheckMs, boolean metrics) {
    return config.cluster().enabled() ? Clustering.start(config, blockedCheckMs, metrics)
        : Future.succeededFuture(create(config, blockedCheckMs, metrics));
  }

  static VertxOptions options(VerdictConfig config, long blockedCheckMs) {
    return new VertxOptions()
        .setBlockedThreadCheckInterval(Math.max(10, blockedCheckMs / 2))
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(blockedCheckMs).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWorkerPoolSize(Math.max(20, config.workers() * 2));
  }

  public static Built create(VerdictConfig config, long blockedCheckMs, boolean metrics) {
    VertxOptions options = options(config, blockedCheckMs);
    PrometheusMeterRegistry registry = registry();
    if (!metrics || !config.metricsVertx()) {
      // Verdict's own meters still go to the registry: metrics_vertx=false drops only Vert.x's instrumentation.
      if (metrics) {
        bindJvm(registry);
      }
      return new Built(Vertx.builder().with(options).build(), registry);
    }
    options.setMetricsOptions(metricsOptions(config.metricsEventBus(), config.metricsVertxPools()));
    return new Built(Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build(), registry);
  }

  /** The JVM meters Vert.x would have bound, for when its own instrumentation is off. */
  static void bindJvm(io.micrometer.core.instrument.MeterRegistry registry) {
    new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
  }

  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Three JVM binder meters break Prometheus naming rules (promtool: unit abbreviations, a gauge
    // ending in _count); Verdict's exposition passes `promtool check metrics` clean without them.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("jvm.compilation.time"))
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        // Request and response sizes: two histograms per request that the event loops contend on (their
        // buckets are shared), for a figure verdict_batch_size_records and max_body_bytes already bound.
        .meterFilter(MeterFilter.denyNameStartsWith("vertx.http.server.request.bytes"))
        .meterFilter(MeterFilter.denyNameStartsWith("vertx.http.server.response.bytes"))
        .meterFilter(new MeterFilter() {
          @Override
          public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
            return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpus") : id;
          }
        });
    return registry;
  }

  /**
   * Vert.x's meters, domain by domain. HTTP server meters are always in (requests, latency and bytes per route
   * template, method and status); the others are opt-in because {@code bench/overhead.sh} measured them:
   *
   * @param eventBus per-message event-bus meters (two messages per request)
   * @param pools    worker-pool queue and usage timers (one task per request), plus verticle counts and raw TCP
   *                 server meters (the clustered event bus); the pool timers cost about a tenth of saturated
   *                 throughput on 2 cores
   */
  static MicrometerMetricsOptions metricsOptions(boolean eventBus, boolean pools) {
    MicrometerMetricsOptions o = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setMeterCacheEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // Route templates, never raw paths: label cardinality stays bounded whatever callers send.
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS,
            Label.EB_SIDE, Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME))
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel("address")
            .setType(MatchType.REGEX).setValue("__vertx\\..*").setAlias("_reply"));
    // Verdict makes no outgoing HTTP/TCP connections and no datagrams: nothing to measure there.
    o.addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
    if (!eventBus) {
      o.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    if (!pools) {
      o.addDisabledMetricsCategory(MetricsDomain.NAMED_POOLS).addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
          .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
    }
    return o;
  }
}
