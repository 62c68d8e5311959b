package dev.verdict.http;

import io.vertx.ext.web.RoutingContext;

/** Headers every response carries: no MIME sniffing, no framing, no referrer leaks, no caching of answers. */
final class SecurityHeaders {
  private SecurityHeaders() {
  }

  static void apply(RoutingContext ctx) {
    ctx.response().headers()
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cache-Control", "no-store");
    ctx.next();
  }
}
