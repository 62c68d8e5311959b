package dev.verdict.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code http.max_connections_per_client} open connections per remote address, counted across every
 * HTTP verticle instance. A connection beyond the limit is not dropped silently: each request on it gets a
 * JSON 429 with {@code Connection: close}, so the client learns why and the connection goes away. A socket
 * counts once it sends its first bytes (Vert.x tells HTTP/1.1 from h2c then); silent ones meet the idle timeout.
 */
final class ConnectionLimit implements Handler<RoutingContext> {
  private final int max;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
  private final Set<HttpConnection> refused = ConcurrentHashMap.newKeySet();

  private ConnectionLimit(int max) {
    this.max = max;
  }

  /** The node's one counter set (see {@link Limits}), or null when unlimited (0). */
  static ConnectionLimit create(int max) {
    return max <= 0 ? null : new ConnectionLimit(max);
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection in and, on close, out. */
  void opened(HttpConnection conn) {
    String client = conn.remoteAddress() == null ? "unknown" : conn.remoteAddress().hostAddress();
    AtomicInteger n = open.computeIfAbsent(client, k -> new AtomicInteger());
    if (n.incrementAndGet() > max) {
      refused.add(conn);
    }
    conn.closeHandler(v -> {
      refused.remove(conn);
      if (n.decrementAndGet() == 0) {
        open.remove(client, n);
      }
    });
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!refused.isEmpty() && refused.contains(ctx.request().connection())) {
      ctx.put(RequestLog.FAILURE, "too_many_connections");
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close").putHeader("Retry-After", "1");
      FailureHandler.send(ctx, 429, FailureHandler.error("too many open connections from this client (limit "
          + max + ")"));
      return;
    }
    ctx.next();
  }
}
