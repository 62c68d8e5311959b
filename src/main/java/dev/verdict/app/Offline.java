package dev.verdict.app;

/** DJL reports usage to a metadata endpoint at start unless told not to; Verdict never phones home. */
final class Offline {
  private Offline() {
  }

  static void enforce() {
    System.setProperty("offline", "true");
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.default_engine", "LightGBM");
  }
}
