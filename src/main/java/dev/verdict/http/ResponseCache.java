package dev.verdict.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.verdict.bus.ScoredEvent;
import dev.verdict.model.ModelSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers to identical single requests, shared by the event loops, so a hot product is answered without a
 * worker hop. Bounded in entries and in bytes: each entry weighs at least {@code max_bytes / max_entries}, so
 * neither bound can be passed. Keyed by the model's generation, the version asked for and the canonical
 * record. A model's generation moves whenever the registry swaps its slot (reload, alias change, rollback):
 * the first request after the swap misses, and the model's older entries are dropped at once. Only primary
 * answers are kept: a routed or a fallback answer goes to a worker every time.
 */
final class ResponseCache {
  record Key(String model, long generation, String version, String record) {
  }

  /**
   * The bytes sent, and the drift event that a hit reports again (with its own time).
   *
   * @param counted the answer's {@code verdict_predictions_total} series, found once when the entry is kept: a
   *                lookup per hit (builder, tag sort, registry map) showed in the hit path's profile
   *                (bench/profile.sh, TRAFFIC=repeated)
   */
  record Entry(Buffer body, ScoredEvent event, dev.verdict.bus.Prediction answer, Counter counted) {
    String label() {
      return answer.label();
    }
  }

  private record Generation(ModelSlot slot, long n) {
  }

  private static final int KEY_OVERHEAD = 160;
  private final Cache<Key, Entry> cache;
  private final ConcurrentHashMap<String, Generation> generations = new ConcurrentHashMap<>();
  private final AtomicLong nextGeneration = new AtomicLong();
  private final Counter hits;
  private final Counter misses;
  private final Counter evictions;

  private ResponseCache(long maxEntries, long maxBytes, MeterRegistry meters) {
    long floor = Math.max(1, maxBytes / maxEntries);
    Counter ev = meters == null ? null : Counter.builder("verdict.cache.evictions")
        .description("Response cache entries evicted by its entry or byte bound").register(meters);
    this.evictions = ev;
    // Maintenance and removal callbacks on the calling event loop: handing them to the common pool woke a
    // thread per burst of writes, which on 2 cores cost more than the work itself.
    this.cache = Caffeine.newBuilder().maximumWeight(maxBytes).executor(Runnable::run)
        .<Key, Entry>weigher((k, e) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight(k, e))))
        .removalListener((Key k, Entry e, RemovalCause cause) -> {
          if (cause.wasEvicted() && ev != null) {
            ev.increment();
          }
        })
        .build();
    this.hits = meters == null ? null : Counter.builder("verdict.cache.hits")
        .description("Requests answered from the response cache").register(meters);
    this.misses = meters == null ? null : Counter.builder("verdict.cache.misses")
        .description("Cacheable requests that went to a worker").register(meters);
    if (meters != null) {
      Gauge.builder("verdict.cache.entries", cache, c -> c.estimatedSize())
          .description("Entries in the response cache").register(meters);
      Gauge.builder("verdict.cache.max.bytes", () -> maxBytes).description("The cache's byte bound").register(meters);
    }
  }

  /** The node's one cache (see {@link NodeShared}), or null when {@code cache.max_entries} is 0. */
  static ResponseCache create(long maxEntries, long maxBytes, MeterRegistry meters) {
    return maxEntries <= 0 || maxBytes <= 0 ? null : new ResponseCache(maxEntries, maxBytes, meters);
  }

  /** Approximate heap bytes of an entry: body, key text, the event's vector and scores, object headers. */
  static long weight(Key k, Entry e) {
    long vector = e.event().features().nnz() * 12L;
    long scores = e.event().primary() == null ? 0 : e.event().primary().length * 8L;
    return KEY_OVERHEAD + 2L * k.record().length() + e.body().length() + vector + scores + 200;
  }

  /** The model's current generation; a slot it has not seen yet starts a new one and drops the old entries. */
  long generation(ModelSlot slot) {
    Generation g = generations.get(slot.name());
    if (g != null && g.slot() == slot) {
      return g.n();
    }
    Generation next = new Generation(slot, nextGeneration.incrementAndGet());
    Generation won = generations.compute(slot.name(), (k, old) -> old != null && old.slot() == slot ? old : next);
    if (won == next) {
      cache.asMap().keySet().removeIf(key -> key.model().equals(slot.name()) && key.generation() != next.n());
    }
    return won.n();
  }

  Entry get(Key key) {
    Entry e = cache.getIfPresent(key);
    if (e != null) {
      increment(hits);
    } else {
      increment(misses);
    }
    return e;
  }

  /** A lookup that counts nothing: a miss here is not a miss yet (the canonical key comes next). */
  Entry peek(Key key) {
    return cache.getIfPresent(key);
  }

  void countHit() {
    increment(hits);
  }

  /** Keeps an answer computed under {@code key}'s generation, unless the model has moved on since. */
  void put(Key key, Entry entry) {
    Generation g = generations.get(key.model());
    if (g != null && g.n() == key.generation()) {
      cache.put(key, entry);
    }
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static void increment(Counter c) {
    if (c != null) {
      c.increment();
    }
  }
}
