package dev.verdict.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store contract, the same checks on the embedded SQLite file and on PostgreSQL. */
class OutcomeStoreTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static LoggedPrediction p(String id, int index, String version, String route, long at, String answer) {
    return new LoggedPrediction(id, index, "m", version, route, "primary", at, "{\"x\":" + at + "}", answer, null,
        LoggedPrediction.pack(new double[] {0.3, 0.7}), 0.7, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void logLabelJoinCorrectExportAndRetain(String kind, @TempDir Path dir) throws Exception {
    // (no unique key on predictions: a batch is one transaction, so a failed write leaves nothing to repeat)
    OutcomeStore s = Stores.open(kind, vertx, dir);
    try {
      s.append(List.of(p("a", 0, "1", "stable", 1000, "yes"), p("a", 1, "1", "stable", 1000, "no"),
          p("b", 0, "2", "canary", 2000, "yes"), p("a", 0, "3", "shadow", 1000, "no"))).await(30, TimeUnit.SECONDS);
      assertThat(s.lookup(List.of("a", "b", "zzz")).await(30, TimeUnit.SECONDS)).hasSize(4);

      OutcomeStore.LabelWrite w = s.label(List.of(new Feedback("a", 0, "yes", null), new Feedback("b", 0, "no", null),
          new Feedback("later", 0, "no", null)), 5000).await(30, TimeUnit.SECONDS);
      assertThat(w).isEqualTo(new OutcomeStore.LabelWrite(3, 2, 0));
      // a correction keeps the latest label and is counted
      w = s.label(List.of(new Feedback("b", 0, "yes", null)), 6000).await(30, TimeUnit.SECONDS);
      assertThat(w).isEqualTo(new OutcomeStore.LabelWrite(1, 1, 1));

      List<LabelledRow> rows = s.labelled("m", 100).await(30, TimeUnit.SECONDS);
      // a's label scores both the stable answer and the shadow's; a#1 has no label
      assertThat(rows).extracting(r -> r.requestId() + "#" + r.index() + "@" + r.route() + "=" + r.answer() + "/" + r.label())
          .containsExactlyInAnyOrder("a#0@stable=yes/yes", "a#0@shadow=no/yes", "b#0@canary=yes/yes");
      // the prediction of a label that came first joins once it is logged
      s.append(List.of(p("later", 0, "1", "stable", 7000, "no"))).await(30, TimeUnit.SECONDS);
      assertThat(s.labelled("m", 100).await(30, TimeUnit.SECONDS)).hasSize(4);

      assertThat(s.export("m", null, 0).await(30, TimeUnit.SECONDS)).extracting(LabelledRow::requestId)
          .containsExactly("a", "b", "later"); // oldest first, no shadow
      assertThat(s.export("m", "2", 0).await(30, TimeUnit.SECONDS)).extracting(LabelledRow::requestId)
          .containsExactly("b");
      assertThat(s.export("m", null, 1500).await(30, TimeUnit.SECONDS)).hasSize(2);

      // retention: older than 1500 ms goes, then the oldest beyond 1 row
      assertThat(s.retain(1500, 1).await(30, TimeUnit.SECONDS)).isEqualTo(4L);
      assertThat(s.lookup(List.of("a", "b", "later")).await(30, TimeUnit.SECONDS)).extracting(LoggedPrediction::requestId)
          .containsExactly("later");
    } finally {
      s.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Retention over more rows than one chunk, by age then by count, while the log keeps appending: exact counts,
   * the newest rows kept, and appends made during the pass all written.
   */
  @org.junit.jupiter.api.Test
  void sqliteRetentionGoesInChunksAndKeepsTheNewest(@TempDir Path dir) throws Exception {
    OutcomeStore s = Stores.open("sqlite", vertx, dir);
    try {
      int n = 2 * SqliteStore.RETAIN_CHUNK + 5_000;
      List<LoggedPrediction> rows = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(p("r" + i, 0, "1", "stable", 10_000 + i, "yes"));
      }
      s.append(rows).await(60, TimeUnit.SECONDS);
      s.label(List.of(new Feedback("r1", 0, "yes", null), new Feedback("r" + (n - 1), 0, "no", null)), 10_001)
          .await(30, TimeUnit.SECONDS);
      // older than 10,000 + 12,345 ms: the first 12,345 go, over two chunks; appends queued meanwhile are written
      io.vertx.core.Future<Long> pass = s.retain(10_000 + 12_345, 1_000_000);
      io.vertx.core.Future<Void> during = s.append(List.of(p("during", 0, "1", "stable", 99_999, "yes")));
      assertThat(pass.await(60, TimeUnit.SECONDS)).isEqualTo(12_345L);
      during.await(30, TimeUnit.SECONDS);
      assertThat(s.lookup(List.of("r12344", "r12345", "during")).await(30, TimeUnit.SECONDS))
          .extracting(LoggedPrediction::requestId).containsExactly("r12345", "during");
      // a label older than the cut goes with it; r(n-1)'s label was written at 10,001 ms too, so both go
      assertThat(s.labelled("m", 10).await(30, TimeUnit.SECONDS)).isEmpty();

      // then by count: the newest 1,000 stay (the 'during' row among them)
      long before = n - 12_345 + 1;
      assertThat(s.retain(0, 1_000).await(60, TimeUnit.SECONDS)).isEqualTo(before - 1_000);
      assertThat(s.lookup(List.of("r" + (n - 1000), "r" + (n - 999), "during")).await(30, TimeUnit.SECONDS))
          .extracting(LoggedPrediction::requestId).containsExactly("r" + (n - 999), "during");
      assertThat(s.retain(0, 1_000).await(60, TimeUnit.SECONDS)).as("nothing more to do").isZero();
    } finally {
      s.close().await(30, TimeUnit.SECONDS);
    }
  }
}
