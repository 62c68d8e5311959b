package dev.verdict.bus;

import java.util.List;

/**
 * Scored events of one worker, published together on {@link Addresses#SCORED}: one message (one wake-up of
 * the drift verticle's event loop) per batch instead of per request. Local-only.
 */
public record ScoredBatch(List<ScoredEvent> events) {
  public ScoredBatch {
    events = List.copyOf(events);
  }
}
