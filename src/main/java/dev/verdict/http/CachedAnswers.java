package dev.verdict.http;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.PredictResponse;
import dev.verdict.bus.Prediction;
import dev.verdict.bus.ScoredBatch;
import dev.verdict.bus.ScoredEvent;
import dev.verdict.model.ModelSlot;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * One event loop's use of the shared {@link ResponseCache}: which requests may be answered from it, the answer
 * itself, and what a hit still owes the rest of the service. Each hit is reported to the drift verticle as the
 * scored record it repeats (batched like the workers' reports), so drift sees every answered request; its
 * distinct-input windows count the repeat as a record, not as a new input. Each hit also counts in
 * {@code verdict_predictions_total}, as its answer did.
 */
final class CachedAnswers {
  static final String HEADER = "X-Verdict-Cache";
  private static final int FLUSH_EVENTS = 64;
  private static final long FLUSH_MS = 100;

  private static final int DOORKEEPER_SLOTS = 1 << 16;
  private final ResponseCache cache;
  private final Vertx vertx;
  /**
   * Hashes of keys answered once (this event loop's only): an answer is kept the second time its key is
   * answered. Traffic that never repeats then keeps nothing; caching every first sight made each distinct
   * request pay for an entry that was evicted unused (bench/cache.sh, "distinct").
   */
  private final int[] seenOnce = new int[DOORKEEPER_SLOTS];
  private final MeterRegistry meters;
  private final dev.verdict.bus.Batcher<ScoredEvent> scored;
  /** The prediction log, or null when outcomes are off: an answer from the cache is an answer like any other. */
  private final dev.verdict.store.OutcomeSettings outcomes;
  private final dev.verdict.bus.Batcher<dev.verdict.store.LoggedPrediction> logged;

  CachedAnswers(Vertx vertx, ResponseCache cache, MeterRegistry meters, dev.verdict.store.OutcomeSettings outcomes) {
    this.vertx = vertx;
    this.cache = cache;
    this.meters = meters;
    this.outcomes = outcomes;
    this.scored = new dev.verdict.bus.Batcher<>(vertx, Addresses.SCORED, true, FLUSH_EVENTS, ScoredBatch::new);
    this.logged = new dev.verdict.bus.Batcher<>(vertx, Addresses.OUTCOME_LOG, false, FLUSH_EVENTS,
        dev.verdict.store.LoggedBatch::new);
    vertx.setPeriodic(FLUSH_MS, id -> {
      scored.flush();
      logged.flush();
    });
  }

  /**
   * The key of a request the cache may answer, or null. Not cacheable: a canary (its share is drawn per
   * request) or a shadow (it scores each request) on the routed version.
   */
  ResponseCache.Key key(ModelSlot slot, String version, Map<String, Object> record) {
    if (slot == null || version == null && (slot.aliases().canary() != null && slot.aliases().canaryWeight() > 0
        || slot.shadow() != null)) {
      return null;
    }
    return new ResponseCache.Key(slot.name(), cache.generation(slot), version,
        record == null ? "" : CanonicalRecord.of(record));
  }

  /** Context key: the raw-bytes key of a request that missed, so its answer is kept under both keys. */
  static final String BYTES_KEY = "verdict.cache.bytes";

  /**
   * The first level: the request's exact body bytes (with the model's generation and the version asked for).
   * Identical bytes make an identical validated record, so a hit here is the canonical key's answer.
   */
  boolean answerBytes(RoutingContext ctx, ModelSlot slot, String version) {
    if (explained(ctx)) {
      return false;
    }
    Buffer raw = ctx.body().buffer();
    ResponseCache.Key key = raw == null ? null : key(slot, version, null);
    if (key == null) {
      return false;
    }
    key = new ResponseCache.Key(key.model(), key.generation(), key.version(), "raw:" + raw.toString());
    ResponseCache.Entry e = cache.peek(key);
    if (e == null) {
      ctx.put(BYTES_KEY, key);
      return false;
    }
    cache.countHit();
    hit(ctx, e);
    return true;
  }

  /** {@code ?explain=...} answers carry more than the cached bytes: never from the cache. */
  /** A request for more than the plain answer (an explanation, raw scores): scored fresh, never cached. */
  static boolean explained(RoutingContext ctx) {
    return ctx.request().getParam("explain") != null || ctx.request().getParam("explain_class") != null
        || ctx.request().getParam("output") != null;
  }

  /** Answers from the cache when it holds the key; false sends the request on to a worker. */
  boolean answer(RoutingContext ctx, ResponseCache.Key key) {
    ResponseCache.Entry e = cache.get(key);
    if (e == null) {
      return false;
    }
    ResponseCache.Key bytes = ctx.get(BYTES_KEY);
    if (bytes != null) {
      cache.put(bytes, e);
    }
    hit(ctx, e);
    return true;
  }

  private void hit(RoutingContext ctx, ResponseCache.Entry e) {
    ScoredEvent ev = e.event();
    RequestLog.annotate(ctx, ev.model(), ev.version(), "primary");
    scored.add(new ScoredEvent(ev.model(), ev.version(), ev.features(), ev.primary(), ev.path(), ev.support(),
        System.currentTimeMillis()));
    if (e.counted() != null) {
      e.counted().increment();
    }
    log(ctx, e);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HEADER, "hit").end(e.body());
  }

  /** A cached answer joins its label later like a scored one: logged with this request's id and record. */
  private void log(RoutingContext ctx, ResponseCache.Entry e) {
    String id = RequestId.of(ctx);
    if (outcomes == null || id == null || !outcomes.sampled(id)) {
      return;
    }
    // the body is the record the cached answer was validated for; parsed only to leave fields out
    String input = outcomes.omitFields().isEmpty() ? ctx.body().asString()
        : outcomes.input(ctx.body().asJsonObject().getMap());
    logged.add(dev.verdict.store.LoggedPrediction.of(id, 0, e.answer(),
        ctx.pathParam("version") != null ? "pinned" : "stable", System.currentTimeMillis(), input));
  }

  /**
   * Keeps a worker's primary answer under its canonical key, from the second time that key is answered;
   * routed and fallback answers are not kept. The raw-bytes alias is added on the first canonical hit.
   */
  void keep(ResponseCache.Key key, PredictResponse reply, Buffer body) {
    Prediction p = reply.predictions().get(0);
    if (!"primary".equals(p.path()) || reply.vectors() == null || reply.vectors().size() != 1) {
      return;
    }
    int h = key.hashCode() | 1;
    int slot = h & (DOORKEEPER_SLOTS - 1);
    if (seenOnce[slot] != h) {
      seenOnce[slot] = h;
      return;
    }
    ScoredEvent ev = new ScoredEvent(p.model(), p.version(), reply.vectors().get(0), p.probabilities(), "primary",
        p.support(), 0);
    cache.put(key, new ResponseCache.Entry(body, ev, p, meters == null ? null
        : dev.verdict.bus.PredictionCounter.of(meters, p.model(), p.version(), "primary",
            p.regression() ? "value" : p.label())));
  }
}
