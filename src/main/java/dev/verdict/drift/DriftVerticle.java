package dev.verdict.drift;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.NodeId;
import dev.verdict.bus.ScoredBatch;
import dev.verdict.bus.ScoredEvent;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance, on its own event loop, off the request path: consumes {@code verdict.scored}, keeps a
 * {@link DriftDetector} per served model, and publishes {@code verdict.drift.state} when a verdict changes.
 * Scoring never waits for it; if it falls behind, only its view of the window lags.
 */
public class DriftVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DriftVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final ModelRegistry registry;
  /** Versions ({@link #key}) served without a baseline, with why: the report says so instead of omitting them. */
  private final Map<String, String> unmonitored = new java.util.concurrent.ConcurrentHashMap<>();
  private final DriftSettings settings;
  private final Map<String, DriftDetector> detectors = new LinkedHashMap<>();
  private final MeterRegistry meters;

  public DriftVerticle(ModelRegistry registry, DriftSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    return sync().compose(x -> {
      var scored = vertx.eventBus().<ScoredBatch>localConsumer(Addresses.SCORED,
          m -> m.body().events().forEach(this::onScored));
      var report = vertx.eventBus().<JsonObject>localConsumer(Addresses.DRIFT_REPORT, this::onReport);
      var reset = vertx.eventBus().<JsonObject>localConsumer(Addresses.DRIFT_RESET, this::onReset);
      var ping = vertx.eventBus().<Object>localConsumer(Addresses.DRIFT_PING, m -> m.reply(Boolean.TRUE));
      var changed = vertx.eventBus().<JsonObject>localConsumer(Addresses.MODELS_CHANGED, m -> sync());
      // Each node shares its latest reports (with a TTL, so a dead node drops out) for the cluster view.
      vertx.setPeriodic(0, SHARE_MS, id -> share());
      return Future.all(java.util.List.of(scored.completion(), report.completion(), reset.completion(), changed.completion(),
          ping.completion()));
    });
  }

  private static String key(String model, String version) {
    return dev.verdict.bus.VersionKey.of(model, version);
  }

  /**
   * One detector per loaded version (stable, canary, shadow each have their own window): opens detectors for
   * versions that appeared, drops those of versions that were freed. Baselines are files: read them on a
   * worker thread, never on this event loop.
   */
  private Future<?> sync() {
    Map<String, ModelVersion> live = new LinkedHashMap<>();
    registry.slots().forEach((name, slot) -> slot.versions().values().forEach(v -> live.put(key(name, v.version()), v)));
    detectors.keySet().removeIf(k -> {
      if (!live.containsKey(k)) {
        java.util.List<Gauge> g = gauges.remove(k);
        if (g != null) {
          g.forEach(meters::remove);
        }
        return true;
      }
      return false;
    });
    Map<String, ModelVersion> missing = new LinkedHashMap<>(live);
    missing.keySet().removeAll(detectors.keySet());
    return vertx.executeBlocking(() -> {
      Map<String, DriftDetector> loaded = new LinkedHashMap<>();
      missing.forEach((k, v) -> {
        if (!Files.isRegularFile(v.dir().resolve(ModelVersion.BASELINE_FILE))) {
          unmonitored.put(k, "no baseline: version " + v.version() + " has no baseline.json (train writes one; "
              + "so does import --reference TABLE)");
          LOG.info("model {} version {}: no baseline, drift not monitored (train writes one; so does import "
              + "--reference TABLE)", v.name(), v.version());
          return;
        }
        try {
          JsonObject json = new JsonObject(Files.readString(v.dir().resolve(ModelVersion.BASELINE_FILE)));
          loaded.put(k, new DriftDetector(v.name(), v.version(),
              Baseline.parse(json, v.pipeline().groups(), v.labels()),
              PerformanceEstimate.fromJson(v.manifest().json().getJsonObject("calibration")), settings));
        } catch (Exception e) {
          LOG.error("model {} version {}: no usable baseline, drift not monitored: {}", v.name(), v.version(),
              e.toString());
        }
      });
      return loaded;
    }).onSuccess(loaded -> loaded.forEach((k, d) -> {
      if (detectors.putIfAbsent(k, d) == null) {
        registerGauges(d);
      }
    }));
  }

  private final Map<String, java.util.List<Gauge>> gauges = new LinkedHashMap<>();

  /** The detector whose report stands for the model: its stable version's. */
  private boolean isStable(DriftDetector d) {
    var slot = registry.slot(d.model());
    return slot != null && slot.aliases().stable().equals(d.version());
  }

  /** verdict_drift_score{model,version,group,statistic} and verdict_drift_state{model,version,kind}. */
  private void registerGauges(DriftDetector d) {
    java.util.List<String[]> stats = new java.util.ArrayList<>();
    d.baseline().numeric().forEach(n -> {
      for (String st : new String[] {"psi", "ks", "missing_rate"}) {
        stats.add(new String[] {n.name(), st});
      }
    });
    d.baseline().hashed().forEach(h -> {
      for (String st : new String[] {"js", "unseen_share", "empty_rate"}) {
        stats.add(new String[] {h.name(), st});
      }
    });
    for (String st : new String[] {"estimated_accuracy", "reference_accuracy", "accuracy_alarm_level",
        "mean_confidence", "low_confidence_share", "confidence_ks", "predicted_class_js"}) {
      stats.add(new String[] {"concept", st});
    }
    for (String st : new String[] {"top_share", "effective_sample_size", "distinct", "records"}) {
      stats.add(new String[] {"concentration", st});
    }
    stats.add(new String[] {"support", "out_of_support_share"});
    for (String c : SupportProfile.CONDITIONS) {
      stats.add(new String[] {"support", c});
    }
    java.util.List<Gauge> mine = new java.util.ArrayList<>();
    for (String[] gs : stats) {
      mine.add(Gauge.builder("verdict.drift.score", d, x -> x.score(gs[0], gs[1]))
          .description("Latest drift statistic of a feature group (or of the confidence, group=concept)")
          .tags("model", d.model(), "version", d.version(), "group", gs[0], "statistic", gs[1]).register(meters));
    }
    mine.add(Gauge.builder("verdict.drift.state", d, x -> x.state().dataDrift() ? 1 : 0)
        .description("1 while drift is raised")
        .tags("model", d.model(), "version", d.version(), "kind", "data").register(meters));
    mine.add(Gauge.builder("verdict.drift.state", d, x -> x.state().conceptDrift() ? 1 : 0)
        .description("1 while drift is raised")
        .tags("model", d.model(), "version", d.version(), "kind", "concept").register(meters));
    mine.add(Gauge.builder("verdict.drift.state", d, x -> x.state().concentrated() ? 1 : 0)
        .description("1 while drift is raised")
        .tags("model", d.model(), "version", d.version(), "kind", "concentration").register(meters));
    gauges.put(key(d.model(), d.version()), mine);
  }

  private void onScored(ScoredEvent e) {
    DriftDetector d = detectors.get(key(e.model(), e.version()));
    if (d == null) {
      return;
    }
    d.add(e.features(), e.primary(), e.support(), e.path());
    if (d.due() && d.evaluate()) {
      DriftState state = d.state();
      LOG.warn("drift state of {} version {} is now {}: {}", e.model(), e.version(), state.label(), state.reasons());
      vertx.eventBus().publish(Addresses.DRIFT_STATE, state.toJson(), LOCAL);
    }
  }

  private static final String NODES_MAP = "verdict.drift.nodes";
  private static final long SHARE_MS = 2000;

  private void share() {
    JsonObject mine = new JsonObject();
    detectors.values().forEach(d -> {
      d.evaluate();
      if (isStable(d)) {
        mine.put(d.model(), d.report());
      }
    });
    vertx.sharedData().<String, JsonObject>getAsyncMap(NODES_MAP)
        .compose(map -> map.put(NodeId.of(vertx), mine, 3 * SHARE_MS))
        .onFailure(e -> LOG.debug("cannot share drift report: {}", e.toString()));
  }

  /** Shares this node's latest reports, then answers with every node's, merged. */
  private void onClusterReport(Message<JsonObject> m, String model) {
    share();
    vertx.sharedData().<String, JsonObject>getAsyncMap(NODES_MAP).compose(map -> map.entries())
        .onSuccess(nodes -> m.reply(ClusterDriftView.merge(nodes, model)))
        .onFailure(e -> m.fail(503, new JsonObject().put("error", "cluster drift view unavailable").encode()));
  }

  private void onReport(Message<JsonObject> m) {
    String model = m.body() == null ? null : m.body().getString("model");
    if (m.body() != null && "cluster".equals(m.body().getString("scope"))) {
      onClusterReport(m, model);
      return;
    }
    JsonObject models = new JsonObject();
    Map<String, JsonObject> others = new LinkedHashMap<>();
    for (DriftDetector d : detectors.values()) {
      if (model == null || model.equals(d.model())) {
        if (d.evaluate()) {
          vertx.eventBus().publish(Addresses.DRIFT_STATE, d.state().toJson(), LOCAL);
        }
        if (isStable(d)) {
          models.put(d.model(), d.report().put("fallback_policy", settings.policy().wire()));
        } else {
          others.computeIfAbsent(d.model(), k -> new JsonObject()).put(d.version(), d.report());
        }
      }
    }
    // Canary and shadow versions keep windows of their own, reported beside the stable one.
    others.forEach((m2, vs) -> {
      if (models.getJsonObject(m2) != null) {
        models.getJsonObject(m2).put("other_versions", vs);
      }
    });
    // A served model without a baseline says so, rather than vanishing from the report.
    registry.slots().forEach((name, slot) -> {
      String why = unmonitored.get(key(name, slot.stable().version()));
      if ((model == null || model.equals(name)) && !models.containsKey(name) && why != null) {
        models.put(name, new JsonObject().put("monitored", false).put("reason", why));
      }
    });
    if (model != null && models.isEmpty()) {
      m.fail(404, new JsonObject().put("error", "no drift monitoring for model: " + model).encode());
      return;
    }
    m.reply(new JsonObject().put("settings", settings.toJson()).put("models", models));
  }

  private void onReset(Message<JsonObject> m) {
    String model = m.body() == null ? null : m.body().getString("model");
    int n = 0;
    for (DriftDetector d : detectors.values()) {
      if (model == null || model.equals(d.model())) {
        d.reset();
        vertx.eventBus().publish(Addresses.DRIFT_STATE, d.state().toJson(), LOCAL);
        n++;
      }
    }
    if (model != null && n == 0) {
      m.fail(404, new JsonObject().put("error", "no drift monitoring for model: " + model).encode());
      return;
    }
    m.reply(new JsonObject().put("reset", n));
  }
}
