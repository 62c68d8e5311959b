package dev.verdict.bus;

/** The one spelling of a model version as a key ({@code name@version}): drift windows, staging, gauges. */
public final class VersionKey {
  private VersionKey() {
  }

  public static String of(String model, String version) {
    return model + "@" + version;
  }
}
