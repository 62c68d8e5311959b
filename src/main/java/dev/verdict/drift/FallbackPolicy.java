package dev.verdict.drift;

import java.util.Locale;

/** When drift makes the workers answer with the fallback model instead of the primary. */
public enum FallbackPolicy {
  OFF, ON_DATA_DRIFT, ON_CONCEPT_DRIFT, ON_ANY;

  public static FallbackPolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("fallback_policy must be off, on-data-drift, on-concept-drift or on-any");
    }
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean triggers(DriftState s) {
    if (s == null) {
      return false;
    }
    return switch (this) {
      case OFF -> false;
      case ON_DATA_DRIFT -> s.dataDrift();
      case ON_CONCEPT_DRIFT -> s.conceptDrift();
      case ON_ANY -> s.dataDrift() || s.conceptDrift();
    };
  }
}
