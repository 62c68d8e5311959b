package dev.verdict.app;

import dev.verdict.bus.LocalCodec;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.PredictResponse;
import dev.verdict.bus.ScoredBatch;
import dev.verdict.http.HttpSettings;
import dev.verdict.http.HttpVerticle;
import dev.verdict.drift.DriftVerticle;
import dev.verdict.drift.FallbackPolicy;
import dev.verdict.inference.InferenceHooks;
import dev.verdict.inference.InferenceVerticle;
import dev.verdict.model.ModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the model registry off the event loop, then deploys in order — inference workers, then HTTP — so
 * the server listens only once the consumers can answer.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  public static final String VERSION = BuildInfo.version();

  private final VerdictConfig config;
  private final PrometheusMeterRegistry prometheus;
  private final MeterRegistry meters;
  private final InferenceHooks hooks;
  private ModelRegistry registry;
  /** Set when shutdown begins: readiness turns false while in-flight requests finish. */
  private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
  /** Requests between HTTP accept and reply, shared by every HTTP verticle instance (backpressure). */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  /** The http section typed; the limits and cache every HTTP verticle instance shares, built at start. */
  private final dev.verdict.http.HttpTransport transport;
  private dev.verdict.http.NodeShared shared;

  /** @param prometheus where Verdict's and Vert.x's metrics go (exposed on /metrics), or null for none */
  public MainVerticle(VerdictConfig config, PrometheusMeterRegistry prometheus) {
    this(config, prometheus, InferenceHooks.NONE);
  }

  /** With fault-injection hooks: for tests only. */
  public MainVerticle(VerdictConfig config, PrometheusMeterRegistry prometheus, InferenceHooks hooks) {
    this.config = config;
    this.prometheus = prometheus;
    this.meters = prometheus != null ? prometheus : new CompositeMeterRegistry();
    this.hooks = hooks;
    this.transport = dev.verdict.http.HttpTransport.fromJson(config.http());
  }

  @Override
  public Future<?> start() {
    registerCodecs(vertx.eventBus());
    return vertx.executeBlocking(() -> ModelRegistry.scan(config.modelsDir(), config.scorer()))
        .compose(reg -> {
          registry = reg;
          registerGauges(reg);
          serveLifecycle(reg);
          if (reg.get(config.defaultModel()) == null) {
            LOG.error("default model {} is not loaded: the service starts but /predict answers 503",
                config.defaultModel());
          }
          return config.drift().enabled() ? deployDrift().onSuccess(x -> superviseDrift())
              : Future.succeededFuture("drift disabled");
        })
        // the outcome store before the workers, so their first log entries have a consumer
        .compose(id -> config.outcomes().enabled()
            ? vertx.deployVerticle(new dev.verdict.store.OutcomeVerticle(registry, config.outcomes(), meters))
            : Future.succeededFuture("outcomes disabled"))
        .compose(id -> vertx.deployVerticle(() -> new InferenceVerticle(registry, config.defaultModel(),
                config.fallback(), config.drift().enabled() ? config.drift().policy() : FallbackPolicy.OFF, hooks,
                config.drift().enabled(), meters, config.outcomes().enabled() ? config.outcomes() : null),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(config.workers())))
        .compose(id -> {
          HttpSettings hs = httpSettings();
          shared = dev.verdict.http.NodeShared.of(transport, hs.cacheMaxEntries(), hs.cacheMaxBytes(), prometheus);
          return vertx.deployVerticle(() -> new HttpVerticle(registry, hs, prometheus, inFlight, draining, shared),
            new DeploymentOptions().setInstances(config.httpInstances()));
        })
        .onSuccess(id -> LOG.info("verdict {} listening on {}:{} ({} workers, {} event-loop instances)", VERSION,
            config.host(), port(), config.workers(), config.httpInstances()));
  }

  private volatile String driftDeployment;

  /** The drift verticle: deployed first, and again by the supervisor if it ever goes away. */
  private Future<String> deployDrift() {
    return vertx.deployVerticle(new DriftVerticle(registry, config.drift(), meters))
        .onSuccess(id -> driftDeployment = id);
  }

  /** Deployment id of the drift verticle (tests undeploy it to simulate a crash). */
  public String driftDeployment() {
    return driftDeployment;
  }

  /**
   * Drift monitoring must never take scoring down, and must come back by itself: every few seconds the
   * supervisor pings the drift verticle; if it does not answer, it redeploys it.
   */
  private void superviseDrift() {
    vertx.setPeriodic(DRIFT_CHECK_MS, DRIFT_CHECK_MS, id -> vertx.eventBus()
        .request(dev.verdict.bus.Addresses.DRIFT_PING, Boolean.TRUE,
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(DRIFT_CHECK_MS))
        .onFailure(e -> {
          LOG.error("drift verticle is not answering ({}); redeploying it", e.getMessage());
          String old = driftDeployment;
          Future<?> gone = old != null && vertx.deploymentIDs().contains(old) ? vertx.undeploy(old)
              : Future.succeededFuture();
          gone.eventually(() -> deployDrift());
        }));
  }

  private static final long DRIFT_CHECK_MS = 2000;

  private HttpSettings httpSettings() {
    return new HttpSettings(config.host(), config.port(), config.defaultModel(), config.maxBodyBytes(),
        config.maxBatch(), config.sendTimeoutMs(), config.requestTimeoutMs(), config.workers(), VERSION,
        config.adminApiKey(), config.maxInFlight(), transport, BuildInfo.swaggerUiVersion(),
        cacheable() ? config.cache().getLong("max_entries") : 0, config.cache().getLong("max_bytes"),
        config.outcomes().enabled() ? config.outcomes() : null);
  }

  /**
   * The cache holds answers that depend on the request alone. Policies that route on a drift alarm make the
   * same request's answer change with the window, so they turn it off.
   */
  private boolean cacheable() {
    var policy = config.drift().policy();
    boolean stateless = !config.drift().enabled() || policy == dev.verdict.drift.FallbackPolicy.OFF
        || policy == dev.verdict.drift.FallbackPolicy.ON_SUPPORT;
    if (!stateless && config.cache().getLong("max_entries") > 0) {
      LOG.info("response cache off: fallback_policy {} routes on drift state", policy.wire());
    }
    return stateless;
  }

  /** The port the HTTP server bound (differs from the configured one when that is 0). */
  public int port() {
    Object p = vertx.sharedData().getLocalMap("verdict").get(HttpVerticle.PORT_KEY);
    return p instanceof Integer i ? i : -1;
  }

  /**
   * Graceful shutdown, first half: readiness goes false (load balancers stop sending), then the future
   * completes once every accepted request has been answered, or after {@code maxMillis}.
   */
  public io.vertx.core.Future<Integer> drain(long maxMillis) {
    draining.set(true);
    io.vertx.core.Promise<Integer> done = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + maxMillis;
    // Not setPeriodic(0, ...): Vert.x 5.0.7 runs a zero-delay first tick before the timer can be cancelled
    // (NPE in cancelTimer), which left shutdown waiting for its full timeout.
    vertx.setPeriodic(20, id -> {
      if (inFlight.get() == 0 || System.currentTimeMillis() > deadline) {
        done.tryComplete(inFlight.get());
        vertx.cancelTimer(id);
      }
    });
    return done.future();
  }

  public ModelRegistry registry() {
    return registry;
  }

  private void registerGauges(ModelRegistry reg) {
    Gauge.builder("verdict.inflight.requests", inFlight, java.util.concurrent.atomic.AtomicInteger::get)
        .description("Scoring requests accepted and not yet answered (the queue in front of the workers)")
        .register(meters);
    ModelGauges gauges = new ModelGauges(reg, meters);
    gauges.sync();
    vertx.eventBus().localConsumer(dev.verdict.bus.Addresses.MODELS_CHANGED, m -> gauges.sync());
  }

  /** Reload and alias changes arrive here from the HTTP verticles; the lifecycle serialises them per model. */
  private void serveLifecycle(ModelRegistry reg) {
    dev.verdict.inference.ModelLifecycle lifecycle = new dev.verdict.inference.ModelLifecycle(vertx, reg);
    vertx.eventBus().<dev.verdict.bus.Control.LifecycleOp>localConsumer(dev.verdict.bus.Addresses.MODELS_ADMIN, m -> {
      String model = m.body().model();
      (m.body() instanceof dev.verdict.bus.Control.SetAliases a ? lifecycle.setAliases(model, a.aliases())
          : lifecycle.reload(model))
          .onSuccess(m::reply)
          .onFailure(e -> {
            if (e instanceof io.vertx.core.eventbus.ReplyException re) {
              m.fail(re.failureCode(), re.getMessage());
            } else {
              LOG.error("model {}: lifecycle operation failed", model, e);
              m.fail(500, new io.vertx.core.json.JsonObject().put("error", "lifecycle operation failed").encode());
            }
          });
    });
  }

  static void registerCodecs(EventBus bus) {
    for (Class<?> type : new Class<?>[] {PredictRequest.class, PredictResponse.class, ScoredBatch.class,
        dev.verdict.store.LoggedBatch.class, dev.verdict.bus.Control.Reload.class,
        dev.verdict.bus.Control.SetAliases.class, dev.verdict.bus.Control.WorkerOp.class}) {
      register(bus, type);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(EventBus bus, Class type) {
    try {
      bus.registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // a second Verdict deployment in the same Vert.x instance shares the codecs
    }
  }
}
