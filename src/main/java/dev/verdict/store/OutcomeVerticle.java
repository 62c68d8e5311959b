package dev.verdict.store;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.Failure;
import dev.verdict.features.FieldError;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps outcomes: the workers' prediction log (a bounded queue written in batches; scoring never waits for it),
 * labels posted later (committed before they are acknowledged), and realized performance from their join.
 * Store I/O runs off the event loop (SQLite through the context's ordered blocking queue, PostgreSQL reactive).
 */
public final class OutcomeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeVerticle.class);
  private static final long BUCKET_MS = TimeUnit.HOURS.toMillis(1);

  private final ModelRegistry registry;
  private final OutcomeSettings settings;
  private final MeterRegistry meters;
  private final ArrayDeque<LoggedPrediction> queue = new ArrayDeque<>();
  private OutcomeStore store;
  private String storeProblem = "the outcome store is starting";
  private boolean writing;
  private long timer;
  private long retention;
  private long realizedTimer;
  private RealizedGauges gauges;
  private final OutcomeCounters counters;

  public OutcomeVerticle(ModelRegistry registry, OutcomeSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.settings = settings;
    this.meters = meters;
    this.counters = new OutcomeCounters(meters);
  }

  @Override
  public Future<?> start() {
    gauges = new RealizedGauges(meters);
    if (meters != null) {
      io.micrometer.core.instrument.Gauge.builder("verdict.log.queue", queue, ArrayDeque::size)
          .description("Prediction-log entries waiting to be written to the outcome store").register(meters);
    }
    MessageConsumer<LoggedBatch> log = vertx.eventBus().localConsumer(Addresses.OUTCOME_LOG, m -> enqueue(m.body()));
    MessageConsumer<JsonObject> feedback = vertx.eventBus().localConsumer(Addresses.FEEDBACK, this::onFeedback);
    MessageConsumer<JsonObject> perf = vertx.eventBus().localConsumer(Addresses.PERFORMANCE, this::onPerformance);
    timer = vertx.setPeriodic(settings.flushMs(), id -> flush());
    retention = vertx.setPeriodic(TimeUnit.HOURS.toMillis(1), id -> retain());
    realizedTimer = vertx.setPeriodic(REALIZED_EVERY_MS, id -> registry.slots().keySet().forEach(this::refreshRealized));
    // The store opens in the background: a store that is down at start is retried, and scoring starts anyway.
    openStore();
    return Future.all(log.completion(), feedback.completion(), perf.completion());
  }

  private void openStore() {
    vertx.executeBlocking(() -> "postgres".equals(settings.store())
            ? (OutcomeStore) PgStore.open(vertx, settings.pgUri(), settings.pgPoolSize())
            : SqliteStore.open(vertx, settings.dir().resolve("outcomes.db")))
        .onSuccess(s -> {
          store = s;
          storeProblem = null;
          LOG.info("outcome store: {} ({})", settings.store(), "sqlite".equals(settings.store())
              ? settings.dir().resolve("outcomes.db") : "postgresql");
          retain();
        })
        .onFailure(e -> {
          storeProblem = "the outcome store cannot be opened: " + e.getMessage();
          LOG.error("{}; retrying in 5 s", storeProblem);
          vertx.setTimer(5000, id -> openStore());
        });
  }

  private void enqueue(LoggedBatch b) {
    for (LoggedPrediction e : b.entries()) {
      if (queue.size() >= settings.queueMax()) {
        count("verdict.log.dropped", "reason", "queue_full");
      } else {
        queue.add(e);
      }
    }
    if (queue.size() >= settings.batchMax()) {
      flush();
    }
  }

  private void flush() {
    if (writing || store == null || queue.isEmpty()) {
      return;
    }
    List<LoggedPrediction> batch = new ArrayList<>(Math.min(queue.size(), settings.batchMax()));
    while (!queue.isEmpty() && batch.size() < settings.batchMax()) {
      batch.add(queue.poll());
    }
    writing = true;
    store.append(batch).onComplete(r -> {
      writing = false;
      if (r.succeeded()) {
        count("verdict.log.written", null, null, batch.size());
        storeProblem = null;
        if (queue.size() >= settings.batchMax()) {
          flush();
        }
      } else {
        // Back to the front: kept while the store is down, up to the queue's bound.
        for (int i = batch.size() - 1; i >= 0; i--) {
          if (queue.size() < settings.queueMax()) {
            queue.addFirst(batch.get(i));
          } else {
            count("verdict.log.dropped", "reason", "store_down");
          }
        }
        storeProblem = "the outcome store cannot write: " + r.cause().getMessage();
        LOG.warn("{} ({} entries queued)", storeProblem, queue.size());
      }
    });
  }

  private void retain() {
    if (store != null) {
      store.retain(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(settings.retentionDays()), settings.retentionRows())
          .onSuccess(n -> {
            if (n > 0) {
              LOG.info("outcome store retention: {} predictions removed", n);
            }
          })
          .onFailure(e -> LOG.warn("outcome store retention failed: {}", e.getMessage()));
    }
  }

  /** {@code {"model"?: name, "items": [..]}}: validated, committed, then answered. */
  private void onFeedback(Message<JsonObject> m) {
    String model = m.body().getString("model");
    JsonArray raw = m.body().getJsonArray("items", new JsonArray());
    List<FieldError> errors = new ArrayList<>();
    List<Feedback> items = new ArrayList<>();
    boolean batch = m.body().getBoolean("batch", false);
    if (raw.isEmpty() || raw.size() > settings.feedbackMaxBatch()) {
      errors.add(new FieldError("$", "must hold 1.." + settings.feedbackMaxBatch() + " labels"));
    }
    for (int i = 0; i < raw.size() && errors.size() < 50; i++) {
      Feedback f = Feedback.parse(raw.getValue(i), batch ? "[" + i + "]" : "", errors);
      if (f != null) {
        items.add(f);
      }
    }
    if (model != null && registry.slot(model) == null) {
      m.fail(Failure.UNKNOWN_MODEL.code, Failure.UNKNOWN_MODEL.body("unknown model: " + model, List.of()));
      return;
    }
    if (!errors.isEmpty()) {
      reject(m, errors);
      return;
    }
    if (store == null) {
      unavailable(m, storeProblem);
      return;
    }
    store.lookup(items.stream().map(Feedback::requestId).toList())
        .compose(known -> {
          List<FieldError> bad = FeedbackCheck.check(registry, items, known, model, batch);
          if (!bad.isEmpty()) {
            return Future.failedFuture(new Rejected(bad));
          }
          return store.label(items, System.currentTimeMillis());
        })
        .onSuccess(w -> {
          count("verdict.feedback", "result", "stored", w.stored());
          count("verdict.feedback", "result", "unmatched", w.stored() - w.matched());
          count("verdict.feedback", "result", "corrected", w.corrected());
          m.reply(new JsonObject().put("stored", w.stored()).put("matched", w.matched())
              .put("unmatched", w.stored() - w.matched()).put("corrected", w.corrected()));
        })
        .onFailure(e -> {
          if (e instanceof Rejected r) {
            reject(m, r.errors);
          } else {
            count("verdict.feedback", "result", "failed", items.size());
            unavailable(m, "the outcome store cannot commit: " + e.getMessage());
          }
        });
  }

  private static final class Rejected extends RuntimeException {
    final List<FieldError> errors;

    Rejected(List<FieldError> errors) {
      super("rejected", null, false, false);
      this.errors = errors;
    }
  }


  private void reject(Message<?> m, List<FieldError> errors) {
    count("verdict.feedback", "result", "rejected", 1);
    m.fail(Failure.INVALID_INPUT.code, Failure.INVALID_INPUT.body("labels do not match the predictions", errors));
  }

  private void unavailable(Message<?> m, String why) {
    m.fail(Failure.MODEL_NOT_READY.code, Failure.MODEL_NOT_READY.body(why, List.of()));
  }

  static final long REALIZED_EVERY_MS = 60_000;

  /** Recomputes a model's realized figures for the gauges (also done whenever its performance is asked for). */
  private void refreshRealized(String model) {
    ModelSlot slot = registry.slot(model);
    if (store == null || slot == null) {
      return;
    }
    store.labelled(model, settings.performanceLast()).compose(rows -> realizedOf(model, slot, rows))
        .onSuccess(perf -> judge(model, perf));
  }

  /** Publishes a model's realized figures and lets its canary guard act on them. */
  private void judge(String model, JsonObject perf) {
    gauges.publish(model, perf);
    ModelSlot slot = registry.slot(model);
    if (slot == null) {
      return;
    }
    String worse = CanaryGuard.tripped(slot.aliases(), perf);
    String better = worse == null ? CanaryGuard.promoted(slot.aliases(), perf) : null;
    if (worse != null) {
      LOG.warn("model {}: canary guard sets the canary's weight to 0: {}", model, worse);
      count("verdict.canary.guard.trips", "model", model);
      moveAliases(model, new JsonObject().put("canary_weight", 0.0)
          .put("canary_guard", slot.aliases().canaryGuard().copy().put(dev.verdict.model.Aliases.TRIPPED, worse)));
    } else if (better != null) {
      LOG.warn("model {}: canary guard promotes canary {} to stable: {}", model, slot.aliases().canary(), better);
      count("verdict.canary.guard.promotions", "model", model);
      // null removes the field: the promoted version is stable and no canary is left
      moveAliases(model, new JsonObject().put("stable", slot.aliases().canary()).putNull("canary")
          .put("canary_weight", 0.0).put("canary_guard", slot.aliases().canaryGuard().copy().put(dev.verdict.model.Aliases.PROMOTED, better)));
    }
  }

  private void moveAliases(String model, JsonObject change) {
    vertx.eventBus().<JsonObject>request(Addresses.MODELS_ADMIN, new dev.verdict.bus.Control.SetAliases(model, change))
        .onFailure(e -> LOG.error("model {}: canary guard could not move the aliases: {}", model, e.getMessage()));
  }

  /** The figures of up to {@code last} rows (a million when asked): computed on a worker, not this event loop. */
  private Future<JsonObject> realizedOf(String model, ModelSlot slot, List<LabelledRow> rows) {
    return vertx.executeBlocking(() -> Realized.of(slot, rows, BUCKET_MS), false);
  }

  private void onPerformance(Message<JsonObject> m) {
    String model = m.body().getString("model");
    ModelSlot slot = registry.slot(model);
    if (slot == null) {
      m.fail(Failure.UNKNOWN_MODEL.code, Failure.UNKNOWN_MODEL.body("unknown model: " + model, List.of()));
      return;
    }
    if (store == null) {
      unavailable(m, storeProblem);
      return;
    }
    int last = m.body().getInteger("last", settings.performanceLast());
    store.labelled(model, last).compose(rows -> realizedOf(model, slot, rows)).onSuccess(perf -> {
      judge(model, perf);
      m.reply(perf.put("last", last));
    }).onFailure(e -> unavailable(m, "the outcome store cannot be read: " + e.getMessage()));
  }

  private void count(String name, String tag, String value) {
    counters.count(name, tag, value, 1);
  }

  private void count(String name, String tag, String value, int n) {
    counters.count(name, tag, value, n);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(retention);
    vertx.cancelTimer(realizedTimer);
    if (store == null) {
      return Future.succeededFuture();
    }
    // What is queued is written before the store closes: a graceful stop loses no accepted log entry.
    List<LoggedPrediction> rest = new ArrayList<>(queue);
    queue.clear();
    Future<Void> last = rest.isEmpty() ? Future.succeededFuture() : store.append(rest);
    return last.eventually(() -> store.close());
  }
}
