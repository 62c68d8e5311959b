package dev.verdict.bench;

import dev.verdict.store.LoggedPrediction;
import dev.verdict.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one prediction-log row costs the embedded store, alone: building the entry (the input's JSON, the packed
 * probabilities) and inserting it, in batches of 500 as the outcome verticle writes them (WAL, synchronous=FULL,
 * time-ordered request ids as served). Then what retention costs per deleted row: the store's pass down to the
 * newest tenth, beside the single sorted DELETE it replaced (run on a copy of the same file).
 * Run: bench/outcome-store.sh [ROWS per round]
 */
public final class OutcomeStoreBench {
  private OutcomeStoreBench() {
  }

  /** Down to the newest tenth of {@code total} rows: the store's chunked pass, then the old statement on a copy. */
  private static void retention(Vertx vertx, Path dir, long total) throws Exception {
    Files.copy(dir.resolve("outcomes.db"), dir.resolve("sorted.db"));
    SqliteStore store = vertx.executeBlocking(() -> SqliteStore.open(vertx, dir.resolve("outcomes.db")))
        .await(60, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    long deleted = store.retain(0, total / 10).await(600, TimeUnit.SECONDS);
    long t1 = System.nanoTime();
    store.close().await(30, TimeUnit.SECONDS);
    System.out.printf("retention, chunks of %d (shipped): %d rows deleted in %.1f s, %.2f us/row%n",
        SqliteStore.RETAIN_CHUNK, deleted, (t1 - t0) / 1e9, (t1 - t0) / 1e3 / deleted);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sorted.db"));
         java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM predictions WHERE at_ms < (SELECT at_ms "
             + "FROM predictions ORDER BY at_ms DESC LIMIT 1 OFFSET ?)")) {
      ps.setLong(1, total / 10 - 1);
      long t2 = System.nanoTime();
      int n = ps.executeUpdate();
      long t3 = System.nanoTime();
      System.out.printf("retention, one sorted DELETE (before): %d rows deleted in %.1f s, %.2f us/row, one "
          + "transaction holding the store's only connection%n", n, (t3 - t2) / 1e9, (t3 - t2) / 1e3 / n);
    }
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("verdict-store-bench");
    try {
      SqliteStore store = vertx.executeBlocking(() -> SqliteStore.open(vertx, dir.resolve("outcomes.db")))
          .await(60, TimeUnit.SECONDS);
      Map<String, Object> record = new LinkedHashMap<>(Map.of("title", "Bush Somerset Collection Bookcase",
          "brand", "Bush", "price", 261.96, "rating", 4.1, "reviews_count", 120));
      SplittableRandom rnd = new SplittableRandom(7);
      double[] p = new double[17];
      for (int round = 1; round <= 3; round++) {
        long t0 = System.nanoTime();
        List<LoggedPrediction> all = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
          for (int k = 0; k < p.length; k++) {
            p[k] = rnd.nextDouble() / p.length;
          }
          all.add(new LoggedPrediction(dev.verdict.http.RequestId.next(), 0, "product-classifier", "1", "stable",
              "primary",
              System.currentTimeMillis(), new JsonObject(record).encode(), "Furniture/Bookcases", null,
              LoggedPrediction.pack(p), 0.93, null));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < all.size(); i += 500) {
          store.append(all.subList(i, Math.min(all.size(), i + 500))).await(60, TimeUnit.SECONDS);
        }
        long t2 = System.nanoTime();
        System.out.printf("round %d: build %.2f us/row, insert %.2f us/row (table now %d rows)%n", round,
            (t1 - t0) / 1e3 / rows, (t2 - t1) / 1e3 / rows, round * rows);
      }
      store.close().await(30, TimeUnit.SECONDS);
      retention(vertx, dir, 3L * rows);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
