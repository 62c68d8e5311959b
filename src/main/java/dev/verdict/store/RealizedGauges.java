package dev.verdict.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The realized figures as Prometheus gauges, one per model, version, route and metric. */
final class RealizedGauges {
  private final MeterRegistry meters;
  /** Latest value per {@code model|version|route|metric}. */
  private final Map<String, double[]> realized = new ConcurrentHashMap<>();

  RealizedGauges(MeterRegistry meters) {
    this.meters = meters;
  }

  /** verdict_realized_{accuracy,macro_f1,mae,rmse,labels}{model,version,route}, registered on first sight. */
  void publish(String model, JsonObject perf) {
    if (meters == null) {
      return;
    }
    for (Object o : perf.getJsonArray("by_route")) {
      JsonObject g = (JsonObject) o;
      for (String metric : new String[] {"accuracy", "macro_f1", "mae", "rmse", "labels"}) {
        Object v = g.getValue(metric);
        if (!(v instanceof Number n)) {
          continue;
        }
        String key = model + "|" + g.getString("version") + "|" + g.getString("route") + "|" + metric;
        double[] cell = realized.computeIfAbsent(key, k -> {
          double[] c = new double[1];
          Gauge.builder("verdict.realized." + metric, c, a -> a[0])
              .description("Realized " + metric.replace('_', ' ') + " of the latest labelled predictions (outcomes)")
              .tags("model", model, "version", g.getString("version"), "route", g.getString("route"))
              .register(meters);
          return c;
        });
        cell[0] = n.doubleValue();
      }
    }
  }

}
