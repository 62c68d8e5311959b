package dev.verdict.http;

/**
 * The node's per-client limits, built once by the main verticle and handed to every HTTP verticle instance (each
 * event loop), so one client has one budget whichever loop and door it reaches. Either is null when off.
 */
public final class Limits {
  final RateLimit rate;
  final ConnectionLimit connections;

  private Limits(RateLimit rate, ConnectionLimit connections) {
    this.rate = rate;
    this.connections = connections;
  }

  public static Limits of(HttpTransport t) {
    return new Limits(RateLimit.create(t.rateLimitPerS(), t.rateLimitBurst()),
        ConnectionLimit.create(t.maxConnectionsPerClient()));
  }
}
