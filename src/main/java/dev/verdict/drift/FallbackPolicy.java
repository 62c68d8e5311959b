package dev.verdict.drift;

import java.util.Locale;

/**
 * When a request out of support is routed to the candidate measured best for its condition. In every mode a
 * primary failure still goes to the default fallback, and an in-support request is answered by the primary:
 * an alarm alone never moves it.
 * <ul>
 *   <li>{@code on-support} (default): routed whenever its own support says so, alarm or not;</li>
 *   <li>{@code on-data-drift}, {@code on-concept-drift}, {@code on-any}: routed only while that alarm is
 *       raised for the version (the primary answers everything until traffic has shifted);</li>
 *   <li>{@code off}: never routed.</li>
 * </ul>
 */
public enum FallbackPolicy {
  OFF, ON_SUPPORT, ON_DATA_DRIFT, ON_CONCEPT_DRIFT, ON_ANY;

  public static FallbackPolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "fallback_policy must be off, on-support, on-data-drift, on-concept-drift or on-any");
    }
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True when out-of-support requests are routed now, given the version's latest drift verdict. */
  public boolean routes(DriftState s) {
    return switch (this) {
      case OFF -> false;
      case ON_SUPPORT -> true;
      case ON_DATA_DRIFT -> s != null && s.dataDrift();
      case ON_CONCEPT_DRIFT -> s != null && s.conceptDrift();
      case ON_ANY -> s != null && (s.dataDrift() || s.conceptDrift());
    };
  }
}
