package dev.verdict.inference;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.Failure;
import dev.verdict.bus.NodeId;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.PredictResponse;
import dev.verdict.bus.Prediction;
import dev.verdict.bus.ScoredBatch;
import dev.verdict.bus.ScoredEvent;
import dev.verdict.drift.DriftState;
import dev.verdict.drift.FallbackPolicy;
import dev.verdict.model.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scoring worker (deploy with {@code ThreadingModel.WORKER}, N instances). Each instance owns an
 * {@link InferenceService} — its own boosters — and consumes {@code verdict.predict} and
 * {@code verdict.predict.batch}; the event bus spreads requests across instances (and nodes) round-robin.
 * Local callers send {@link PredictRequest} records by reference; cluster callers send JSON and get JSON.
 */
public class InferenceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceVerticle.class);

  private final ModelRegistry registry;
  private final String defaultModel;
  private final String fallbackKind;
  private final FallbackPolicy policy;
  private final InferenceHooks hooks;
  private final boolean publishScored;
  private final MeterRegistry meters;
  private static final int FLUSH_EVENTS = 64;
  private static final long FLUSH_MS = 100;
  private InferenceService service;
  private String node;
  private dev.verdict.bus.Batcher<ScoredEvent> scored;
  private dev.verdict.bus.Batcher<dev.verdict.store.LoggedPrediction> logged;
  private long flushTimer = -1;

  public InferenceVerticle(ModelRegistry registry, String defaultModel, String fallbackKind, FallbackPolicy policy,
                           InferenceHooks hooks, boolean publishScored, MeterRegistry meters) {
    this(registry, defaultModel, fallbackKind, policy, hooks, publishScored, meters, null);
  }

  /** @param outcomes the prediction log's settings, or null when predictions are not logged */
  public InferenceVerticle(ModelRegistry registry, String defaultModel, String fallbackKind, FallbackPolicy policy,
                           InferenceHooks hooks, boolean publishScored, MeterRegistry meters,
                           dev.verdict.store.OutcomeSettings outcomes) {
    this.outcomes = outcomes;
    this.registry = registry;
    this.defaultModel = defaultModel;
    this.fallbackKind = fallbackKind;
    this.policy = policy;
    this.hooks = hooks;
    this.publishScored = publishScored;
    this.meters = meters;
  }

  @Override
  public Future<?> start() throws Exception {
    node = NodeId.of(vertx);
    // Runs on a worker thread: loading native boosters here blocks no event loop.
    scored = new dev.verdict.bus.Batcher<>(vertx, Addresses.SCORED, true, FLUSH_EVENTS, ScoredBatch::new);
    service = new InferenceService(registry, defaultModel, fallbackKind, policy, hooks, new InferenceMetrics(meters),
        publishScored ? scored::add : e -> { });
    if (outcomes != null) {
      log = new PredictionLog(registry, defaultModel, outcomes);
      logged = new dev.verdict.bus.Batcher<>(vertx, Addresses.OUTCOME_LOG, false, FLUSH_EVENTS,
          dev.verdict.store.LoggedBatch::new);
    }
    if (publishScored || log != null) {
      // Flush stragglers when traffic is light; under load the buffer fills and flushes itself.
      flushTimer = vertx.setPeriodic(FLUSH_MS, id -> flush());
    }
    // Each instance caches the latest verdict itself: a request reads a field, never waits for drift.
    MessageConsumer<JsonObject> drift = vertx.eventBus().localConsumer(Addresses.DRIFT_STATE,
        m -> service.onDriftState(DriftState.fromJson(m.body())));
    MessageConsumer<Object> single = vertx.eventBus().consumer(Addresses.PREDICT, m -> handle(m, false));
    MessageConsumer<Object> batch = vertx.eventBus().consumer(Addresses.PREDICT_BATCH, m -> handle(m, true));
    MessageConsumer<Object> localSingle = vertx.eventBus().localConsumer(Addresses.PREDICT_LOCAL, m -> handle(m, false));
    MessageConsumer<Object> localBatch = vertx.eventBus().localConsumer(Addresses.PREDICT_BATCH_LOCAL,
        m -> handle(m, true));
    // Lifecycle: the coordinator asks every worker, by its own address, to open or free a version.
    control = Addresses.WORKER_CONTROL_PREFIX + java.util.UUID.randomUUID();
    MessageConsumer<dev.verdict.bus.Control.WorkerOp> ctl = vertx.eventBus().localConsumer(control, this::onControl);
    return Future.all(List.of(single.completion(), batch.completion(), localSingle.completion(),
        localBatch.completion(), drift.completion(), ctl.completion())).onSuccess(x -> registry.workers().add(control));
  }

  private String control;
  private final dev.verdict.store.OutcomeSettings outcomes;
  private PredictionLog log;

  /** Open a staged version or free one; runs between requests on this worker. */
  private void onControl(Message<dev.verdict.bus.Control.WorkerOp> m) {
    String model = m.body().model();
    String version = m.body().version();
    try {
      if (m.body().load()) {
        var staged = registry.staged(model, version);
        if (staged == null) {
          throw new IllegalStateException("version " + version + " of " + model + " is not staged");
        }
        service.load(staged);
        m.reply(new JsonObject().put("loaded", true));
      } else {
        m.reply(new JsonObject().put("unloaded", service.unload(model, version)));
      }
    } catch (Exception e) {
      m.fail(Failure.MODEL_NOT_READY.code, e.getMessage());
    }
  }

  private void handle(Message<Object> msg, boolean batchAddress) {
    Object body = msg.body();
    boolean json = !(body instanceof PredictRequest);
    try {
      PredictRequest req = json ? PredictRequest.fromJson(asJson(body), batchAddress) : (PredictRequest) body;
      InferenceService.Scored answer = service.predict(req);
      List<Prediction> predictions = answer.predictions();
      PredictResponse response = new PredictResponse(predictions, req.batch(), json ? null : answer.vectors());
      if (json) {
        msg.reply(response.toJson(), new DeliveryOptions().addHeader(Addresses.NODE_HEADER, node));
      } else {
        msg.reply(response);
      }
      // The caller has its answer; a shadow version (if any) scores a copy after it, on this worker.
      List<Prediction> shadow = service.shadow(req, predictions);
      if (log != null) {
        logged.addAll(log.entries(req, predictions, false));
        logged.addAll(log.entries(req, shadow, true));
      }
    } catch (InferenceException e) {
      msg.fail(e.failure().code, e.failure().body(e.getMessage(), e.details()));
    } catch (RuntimeException e) {
      LOG.error("scoring failed", e);
      msg.fail(Failure.SCORING_FAILED.code, Failure.SCORING_FAILED.body("scoring failed", List.of()));
    }
  }

  /** Runs on this worker's context only (requests and the timer are serialised on it). */
  private void flush() {
    scored.flush();
    if (logged != null) {
      logged.flush();
    }
  }

  private static JsonObject asJson(Object body) {
    if (body instanceof JsonObject j) {
      return j;
    }
    if (body instanceof String s) {
      try {
        return new JsonObject(s);
      } catch (DecodeException e) {
        throw new InferenceException(Failure.BAD_REQUEST, "message is not a JSON object");
      }
    }
    throw new InferenceException(Failure.BAD_REQUEST,
        "expected a JSON object message, got " + (body == null ? "null" : body.getClass().getSimpleName()));
  }

  @Override
  public Future<?> stop() {
    registry.workers().remove(control);
    vertx.cancelTimer(flushTimer);
    flush();
    if (service != null) {
      service.close();
    }
    return Future.succeededFuture();
  }
}
