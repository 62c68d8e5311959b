package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class RequestLineEncoderTest {
  /** The pattern logback.xml used for request lines before this encoder, and still uses for every other line. */
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg %kvp%n";

  private static String viaPattern(LoggerContext ctx, LoggingEvent e) {
    PatternLayoutEncoder p = new PatternLayoutEncoder();
    p.setContext(ctx);
    p.setPattern(PATTERN);
    p.start();
    return new String(p.encode(e), StandardCharsets.UTF_8);
  }

  private static LoggingEvent event(LoggerContext ctx, String logger, Level level, long millis, String thread,
                                    List<KeyValuePair> kvs) {
    LoggingEvent e = new LoggingEvent("fqcn", ctx.getLogger(logger), level, "request", null, null);
    e.setTimeStamp(millis);
    e.setThreadName(thread);
    kvs.forEach(e::addKeyValuePair);
    return e;
  }

  @Test
  void writesTheSameBytesAsThePatternLayout() {
    LoggerContext ctx = new LoggerContext();
    RequestLineEncoder fast = new RequestLineEncoder();
    fast.setContext(ctx);
    fast.start();
    List<KeyValuePair> kvs = List.of(new KeyValuePair("request_id", "r-1"), new KeyValuePair("method", "POST"),
        new KeyValuePair("route", "/models/:name/predict"), new KeyValuePair("status", 200),
        new KeyValuePair("latency_ms", 1.23), new KeyValuePair("model", "product-classifier"),
        new KeyValuePair("version", "1"), new KeyValuePair("path", "ünïcode \"quoted\""));
    long base = 1_795_000_000_000L;
    // milliseconds with one, two and three digits, a second boundary, levels of 4 and 5 letters, a long logger
    for (long offset : new long[] {0, 5, 50, 999, 1000, 1001, 59_999, 3_600_007}) {
      for (Level level : new Level[] {Level.INFO, Level.WARN, Level.ERROR}) {
        for (String logger : new String[] {"verdict.request", "dev.verdict.http.SomeVeryLongLoggerName"}) {
          LoggingEvent e = event(ctx, logger, level, base + offset, "vert.x-eventloop-thread-1", kvs);
          assertThat(new String(fast.encode(e), StandardCharsets.UTF_8)).isEqualTo(viaPattern(ctx, e));
        }
      }
    }
    LoggingEvent none = event(ctx, "verdict.request", Level.INFO, base, "main", List.of());
    assertThat(new String(fast.encode(none), StandardCharsets.UTF_8)).isEqualTo(viaPattern(ctx, none));
  }
}
