package dev.verdict.http;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every HTTP verticle instance (each event loop) of a node shares, built once by the main verticle and
 * handed in: the per-client limits, so one client has one budget whichever loop and door it reaches, and the
 * response cache. Each is null when off.
 */
public final class NodeShared {
  final RateLimit rate;
  final ConnectionLimit connections;
  final ResponseCache cache;

  private NodeShared(RateLimit rate, ConnectionLimit connections, ResponseCache cache) {
    this.rate = rate;
    this.connections = connections;
    this.cache = cache;
  }

  public static NodeShared of(HttpTransport t, long cacheMaxEntries, long cacheMaxBytes, MeterRegistry meters) {
    return new NodeShared(RateLimit.create(t.rateLimitPerS(), t.rateLimitBurst()),
        ConnectionLimit.create(t.maxConnectionsPerClient()),
        ResponseCache.create(cacheMaxEntries, cacheMaxBytes, meters));
  }
}
