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
    // Baselines are files: read them on a worker thread, never on this event loop.
    return vertx.executeBlocking(() -> {
      Map<String, DriftDetector> loaded = new LinkedHashMap<>();
      for (ModelVersion v : registry.models().values()) {
        try {
          JsonObject json = new JsonObject(Files.readString(v.dir().resolve(ModelVersion.BASELINE_FILE)));
          loaded.put(v.name(), new DriftDetector(v.name(), v.version(),
              Baseline.parse(json, v.pipeline().groups(), v.labels()), settings));
        } catch (Exception e) {
          LOG.error("model {}: no usable baseline, drift not monitored: {}", v.name(), e.toString());
        }
      }
      return loaded;
    }).compose(loaded -> {
      detectors.putAll(loaded);
      loaded.values().forEach(this::registerGauges);
      var scored = vertx.eventBus().<ScoredBatch>localConsumer(Addresses.SCORED,
          m -> m.body().events().forEach(this::onScored));
      var report = vertx.eventBus().<JsonObject>localConsumer(Addresses.DRIFT_REPORT, this::onReport);
      var reset = vertx.eventBus().<JsonObject>localConsumer(Addresses.DRIFT_RESET, this::onReset);
      // Each node shares its latest reports (with a TTL, so a dead node drops out) for the cluster view.
      vertx.setPeriodic(0, SHARE_MS, id -> share());
      return Future.all(scored.completion(), report.completion(), reset.completion());
    });
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
    for (String st : new String[] {"mean_confidence", "low_confidence_share", "confidence_ks", "predicted_class_js"}) {
      stats.add(new String[] {"concept", st});
    }
    for (String[] gs : stats) {
      Gauge.builder("verdict.drift.score", d, x -> x.score(gs[0], gs[1]))
          .description("Latest drift statistic of a feature group (or of the confidence, group=concept)")
          .tags("model", d.model(), "version", d.version(), "group", gs[0], "statistic", gs[1]).register(meters);
    }
    Gauge.builder("verdict.drift.state", d, x -> x.state().dataDrift() ? 1 : 0).description("1 while drift is raised")
        .tags("model", d.model(), "version", d.version(), "kind", "data").register(meters);
    Gauge.builder("verdict.drift.state", d, x -> x.state().conceptDrift() ? 1 : 0).description("1 while drift is raised")
        .tags("model", d.model(), "version", d.version(), "kind", "concept").register(meters);
  }

  private void onScored(ScoredEvent e) {
    DriftDetector d = detectors.get(e.model());
    if (d == null) {
      return;
    }
    d.add(e.features(), e.primary(), e.path());
    if (d.due() && d.evaluate()) {
      DriftState state = d.state();
      LOG.warn("drift state of {} is now {}: {}", e.model(), state.label(), state.reasons());
      vertx.eventBus().publish(Addresses.DRIFT_STATE, state.toJson(), LOCAL);
    }
  }

  private static final String NODES_MAP = "verdict.drift.nodes";
  private static final long SHARE_MS = 2000;

  private void share() {
    JsonObject mine = new JsonObject();
    detectors.values().forEach(d -> {
      d.evaluate();
      mine.put(d.model(), d.report());
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
    for (DriftDetector d : detectors.values()) {
      if (model == null || model.equals(d.model())) {
        if (d.evaluate()) {
          vertx.eventBus().publish(Addresses.DRIFT_STATE, d.state().toJson(), LOCAL);
        }
        models.put(d.model(), d.report().put("fallback_policy", settings.policy().wire()));
      }
    }
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
