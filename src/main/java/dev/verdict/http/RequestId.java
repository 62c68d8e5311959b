package dev.verdict.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** Takes {@code X-Request-Id} from the caller (when sane) or makes one, and echoes it on the response. */
public final class RequestId implements Handler<RoutingContext> {
  public static final String HEADER = "X-Request-Id";
  public static final String KEY = "verdict.requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.request().getHeader(HEADER);
    if (id == null || !SAFE.matcher(id).matches()) {
      id = next();
    }
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /**
   * A time-ordered id in the UUID version 7 layout: 48 bits of epoch milliseconds, then random bits. Ids made
   * later sort later, so the prediction log's request-id index grows at its right edge instead of dirtying a
   * random page per row; and no SecureRandom on the request path (a request id is not a secret).
   */
  public static String next() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = System.currentTimeMillis() << 16 | 0x7000L | r.nextInt(0x1000);
    long lsb = r.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
