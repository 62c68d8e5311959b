package dev.verdict.bus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Events batched on their way to a consumer that must never slow the request path (drift's scored events, the
 * prediction log): kept in a list owned by one context, sent when {@code max} are waiting or when the owner's
 * timer says so. The one batching of events, for the workers and for the response cache's answers alike.
 */
public final class Batcher<T> {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String address;
  private final boolean publish;
  private final int max;
  private final Function<List<T>, Object> message;
  private List<T> pending;

  /**
   * @param publish every consumer gets the batch (drift), or one does (send)
   * @param message wraps the batch in the message record the consumer's codec knows
   */
  public Batcher(Vertx vertx, String address, boolean publish, int max, Function<List<T>, Object> message) {
    this.vertx = vertx;
    this.address = address;
    this.publish = publish;
    this.max = max;
    this.message = message;
    this.pending = new ArrayList<>(max);
  }

  public void add(T event) {
    pending.add(event);
    if (pending.size() >= max) {
      flush();
    }
  }

  public void addAll(List<T> events) {
    pending.addAll(events);
    if (pending.size() >= max) {
      flush();
    }
  }

  /** Sends what is waiting, if anything. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Object m = message.apply(pending);
    pending = new ArrayList<>(max);
    if (publish) {
      vertx.eventBus().publish(address, m, LOCAL);
    } else {
      vertx.eventBus().send(address, m, LOCAL);
    }
  }
}
