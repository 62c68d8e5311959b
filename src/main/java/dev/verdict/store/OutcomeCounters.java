package dev.verdict.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** The outcome verticle's counters, each defined once with its help text; nothing is counted without metrics. */
final class OutcomeCounters {
  private static final Map<String, String> HELP = Map.of(
      "verdict.log.written", "Prediction-log entries written to the outcome store",
      "verdict.log.dropped", "Prediction-log entries dropped, by reason (queue_full: past outcomes.queue_max)",
      "verdict.feedback", "Labels received, by result (stored, unmatched, corrected, rejected, failed)",
      "verdict.canary.guard.trips", "Canaries the outcome guard took off traffic (canary_guard in aliases.json)",
      "verdict.canary.guard.promotions", "Canaries the outcome guard promoted to stable (canary_guard.auto_promote)");

  private final MeterRegistry meters;

  OutcomeCounters(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Adds {@code n} to the counter {@code name}, with one tag when {@code tag} is not null. */
  void count(String name, String tag, String value, int n) {
    if (meters != null && n > 0) {
      Counter.Builder b = Counter.builder(name).description(HELP.get(name));
      (tag == null ? b : b.tag(tag, value)).register(meters).increment(n);
    }
  }
}
