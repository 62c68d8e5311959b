package dev.verdict.bench;

import dev.verdict.http.RequestId;
import dev.verdict.store.LoggedPrediction;
import dev.verdict.store.SqliteStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the SQLite store's retention costs: ROWS product predictions logged through the store (batches of 500, as
 * the outcome verticle writes them, time-ordered ids), then a pass that keeps the newest tenth. Run:
 * bench/retention.sh [ROWS, default 2000000]
 */
public final class RetentionBench {
  private RetentionBench() {
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("verdict-retention");
    SqliteStore store = SqliteStore.open(vertx, dir.resolve("outcomes.db"));
    String input = "{\"title\":\"Bush Somerset Collection Bookcase\",\"brand\":\"Bush\",\"price\":261.96,"
        + "\"rating\":4.1,\"reviews_count\":120}";
    byte[] probabilities = LoggedPrediction.pack(new double[17]);
    long t0 = System.nanoTime();
    for (int i = 0; i < rows; i += 500) {
      List<LoggedPrediction> batch = new ArrayList<>(500);
      for (int k = 0; k < 500; k++) {
        batch.add(new LoggedPrediction(RequestId.next(), 0, "product-classifier", "1", "stable", "primary",
            System.currentTimeMillis(), input, "Furniture/Bookcases", null, probabilities, 0.93, null));
      }
      store.append(batch).await(60, TimeUnit.SECONDS);
    }
    long t1 = System.nanoTime();
    long deleted = store.retain(0, rows / 10).await(600, TimeUnit.SECONDS);
    long t2 = System.nanoTime();
    System.out.printf("%d rows logged: %.2f us/row; retention to the newest %d: %d rows deleted in %.1f s, "
        + "%.2f us/row%n", rows, (t1 - t0) / 1e3 / rows, rows / 10, deleted, (t2 - t1) / 1e9, (t2 - t1) / 1e3 / deleted);
    store.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
