package dev.verdict.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards admin routes with the configured API key ({@code X-API-Key: KEY} or {@code Authorization: Bearer
 * KEY}), compared in constant time. Without a configured key the routes are disabled (403), not open.
 */
public final class AdminAuth implements Handler<RoutingContext> {
  private final byte[] key;

  public AdminAuth(String apiKey) {
    this.key = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (key == null) {
      FailureHandler.send(ctx, 403, FailureHandler.error("admin endpoints are disabled: no admin API key is configured"));
      return;
    }
    String given = ctx.request().getHeader("X-API-Key");
    String auth = ctx.request().getHeader("Authorization");
    if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim();
    }
    if (given == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      FailureHandler.send(ctx, 401, FailureHandler.error("a valid admin API key is required"));
      return;
    }
    ctx.next();
  }

  /** Whether an admin key is configured (routes that are open without one ask this first). */
  boolean configured() {
    return key != null;
  }
}
