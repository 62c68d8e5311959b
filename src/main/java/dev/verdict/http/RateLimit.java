package dev.verdict.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Optional per-client rate limit on the scoring routes ({@code http.rate_limit_per_s}, burst
 * {@code http.rate_limit_burst}): a client is its {@code X-API-Key} (hashed, never kept or logged as is), else
 * its remote address. Over the limit: 429 with {@code Retry-After}, at once. One limiter per client, shared by
 * every event loop; past {@value #MAX_CLIENTS} distinct clients newcomers share one limiter, so a flood of
 * made-up keys cannot grow memory without bound.
 */
final class RateLimit {
  static final int MAX_CLIENTS = 10_000;
  private static final String OVERFLOW = "overflow";

  private final RateLimiterRegistry limiters;
  private final java.util.concurrent.atomic.AtomicInteger clients = new java.util.concurrent.atomic.AtomicInteger();

  private RateLimit(int perSecond, int burst) {
    // resilience4j refills limitForPeriod permits every period: a burst of B over P/s is B permits per B/P s.
    int permits = Math.max(1, Math.max(burst, perSecond));
    Duration period = Duration.ofNanos(Math.max(1_000_000L, (long) (permits * 1e9 / perSecond)));
    this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom().limitForPeriod(permits)
        .limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build());
  }

  /** The node's one limiter set (see {@link Limits}); null when rate limiting is off. */
  static RateLimit create(int perSecond, int burst) {
    return perSecond <= 0 ? null : new RateLimit(perSecond, burst);
  }

  /** 0 when {@code client} may go on; else the seconds until its permits come back (at most one period). */
  long refuse(String client) {
    RateLimiter limiter = limiter(client);
    if (limiter.acquirePermission()) {
      return 0;
    }
    long waitNanos = limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  private RateLimiter limiter(String client) {
    var known = limiters.find(client);
    if (known.isPresent()) {
      return known.get();
    }
    // Counted, not sized: getAllRateLimiters() copies every limiter, too much work for a request.
    if (clients.incrementAndGet() > MAX_CLIENTS) {
      clients.decrementAndGet();
      return limiters.rateLimiter(OVERFLOW);
    }
    return limiters.rateLimiter(client);
  }

  /** A client is its API key (hashed), else its remote address. */
  static String client(String apiKey, io.vertx.core.net.SocketAddress remote) {
    if (apiKey != null && !apiKey.isEmpty()) {
      return "key:" + sha256(apiKey);
    }
    return "ip:" + (remote == null ? "unknown" : remote.hostAddress());
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
