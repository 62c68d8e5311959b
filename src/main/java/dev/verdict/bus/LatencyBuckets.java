package dev.verdict.bus;

import java.time.Duration;

/**
 * The latency histograms' bucket bounds, 50 µs to 10 s: shared by the request metrics of every door and the
 * workers' timings, so their series line up in one dashboard. Fixed buckets, not a percentile histogram (about
 * 70 per series): cheaper to record and to scrape, and enough for SLO queries.
 */
public final class LatencyBuckets {
  public static final Duration[] BOUNDS = java.util.stream.Stream.of(50_000L, 100_000L, 250_000L,
      500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
      250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L)
      .map(Duration::ofNanos).toArray(Duration[]::new);

  private LatencyBuckets() {
  }
}
