package dev.verdict.app;

import dev.verdict.model.ModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code verdict_model_loaded{model,version}} and {@code verdict_model_load_seconds{model,version}} for every
 * loaded version, kept in step with the registry: versions appear when loaded and disappear when freed.
 */
final class ModelGauges {
  private final ModelRegistry registry;
  private final MeterRegistry meters;
  private final Map<String, List<Gauge>> registered = new HashMap<>();

  ModelGauges(ModelRegistry registry, MeterRegistry meters) {
    this.registry = registry;
    this.meters = meters;
    registry.failures().keySet().forEach(name -> Gauge.builder("verdict.model.loaded", () -> 0)
        .description("1 per model version loaded").tags("model", name, "version", "").register(meters));
  }

  /** Called at start and whenever a model's slot changes. */
  synchronized void sync() {
    Map<String, Boolean> live = new HashMap<>();
    registry.slots().forEach((name, slot) -> slot.versions().keySet()
        .forEach(v -> live.put(dev.verdict.bus.VersionKey.of(name, v), true)));
    registered.entrySet().removeIf(e -> {
      if (!live.containsKey(e.getKey())) {
        e.getValue().forEach(meters::remove);
        return true;
      }
      return false;
    });
    registry.slots().forEach((name, slot) -> slot.versions().keySet().forEach(v -> registered.computeIfAbsent(
        dev.verdict.bus.VersionKey.of(name, v), k -> List.of(
            Gauge.builder("verdict.model.loaded", () -> 1).description("1 per model version loaded")
                .tags("model", name, "version", v).register(meters),
            Gauge.builder("verdict.model.load", () -> {
              var s = registry.slot(name);
              Long ms = s == null ? null : s.loadMillis().get(v);
              return ms == null ? 0.0 : ms / 1000.0;
            }).description("Time it took to validate and load the model version").baseUnit("seconds")
                .tags("model", name, "version", v).register(meters)))));
  }
}
