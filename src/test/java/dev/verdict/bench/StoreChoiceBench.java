package dev.verdict.bench;

import dev.verdict.http.RequestId;
import dev.verdict.store.LoggedPrediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Why the embedded outcome store is SQLite: the same prediction-log schema, rows and queries on SQLite (WAL,
 * synchronous=FULL, as shipped) and on H2 (MVStore file), through JDBC. Measures the insert cost per row (batches
 * of 500, one commit each, as the outcome verticle writes), the realized-metrics query (the last 5,000 labelled
 * predictions of a model, joined to their labels), the label upsert, and the file size. Run: bench/store-choice.sh
 */
public final class StoreChoiceBench {
  private StoreChoiceBench() {
  }

  record Engine(String name, String url, List<String> ddl) {
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("verdict-store-choice");
    String cols = "request_id %1$s NOT NULL, row_index INTEGER NOT NULL, model %1$s NOT NULL, version %1$s NOT NULL, "
        + "route %1$s NOT NULL, path %1$s NOT NULL, at_ms BIGINT NOT NULL, input %1$s, answer %1$s NOT NULL, "
        + "value DOUBLE PRECISION, probabilities %2$s, confidence DOUBLE PRECISION, support %1$s";
    List<String> common = List.of("CREATE INDEX predictions_request ON predictions (request_id)",
        "CREATE INDEX predictions_model_at ON predictions (model, at_ms)");
    List<Engine> engines = List.of(
        new Engine("sqlite", "jdbc:sqlite:" + dir.resolve("outcomes.db"), concat(List.of("PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL", "CREATE TABLE predictions (" + String.format(cols, "TEXT", "BLOB") + ")",
            "CREATE TABLE labels (request_id TEXT NOT NULL, row_index INTEGER NOT NULL, label TEXT, value DOUBLE "
                + "PRECISION, at_ms BIGINT NOT NULL, corrections INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (request_id, "
                + "row_index))"), common)),
        new Engine("h2", "jdbc:h2:file:" + dir.resolve("outcomes-h2") + ";NON_KEYWORDS=VALUE", concat(List.of(
            "CREATE TABLE predictions (" + String.format(cols, "VARCHAR", "VARBINARY") + ")",
            "CREATE TABLE labels (request_id VARCHAR NOT NULL, row_index INTEGER NOT NULL, label VARCHAR, value DOUBLE "
                + "PRECISION, at_ms BIGINT NOT NULL, corrections INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (request_id, "
                + "row_index))"), common)));
    System.out.printf("%d rows per round, 3 rounds, batches of 500; time-ordered request ids%n", rows);
    for (Engine e : engines) {
      try (Connection c = DriverManager.getConnection(e.url())) {
        try (Statement s = c.createStatement()) {
          for (String q : e.ddl()) {
            s.execute(q);
          }
        }
        c.setAutoCommit(false);
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> ids = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
          long t0 = System.nanoTime();
          insert(c, rows, rnd, ids);
          long t1 = System.nanoTime();
          int labelled = label(c, ids, rnd, 5000);
          long t2 = System.nanoTime();
          long q = 0;
          int got = 0;
          for (int k = 0; k < 5; k++) {
            long a = System.nanoTime();
            got = realized(c, 5000);
            q += System.nanoTime() - a;
          }
          System.out.printf("%-6s round %d: insert %.2f us/row, label upsert %.1f us/label, realized query %.1f ms "
                  + "(%d rows joined), table %d rows%n", e.name(), round, (t1 - t0) / 1e3 / rows,
              (t2 - t1) / 1e3 / labelled, q / 5 / 1e6, got, ids.size());
        }
      }
      long bytes;
      try (var files = Files.list(dir)) {
        bytes = files.filter(f -> f.getFileName().toString().startsWith("sqlite".equals(e.name()) ? "outcomes.db"
            : "outcomes-h2")).mapToLong(f -> f.toFile().length()).sum();
      }
      System.out.printf("%-6s files: %.1f MB%n", e.name(), bytes / 1e6);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void insert(Connection c, int rows, SplittableRandom rnd, List<String> ids) throws Exception {
    String input = "{\"title\":\"Bush Somerset Collection Bookcase\",\"brand\":\"Bush\",\"price\":261.96,"
        + "\"rating\":4.1,\"reviews_count\":120}";
    double[] p = new double[17];
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO predictions (request_id, row_index, model, version, "
        + "route, path, at_ms, input, answer, value, probabilities, confidence, support) VALUES (?,?,?,?,?,?,?,?,?,?,"
        + "?,?,?)")) {
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < p.length; k++) {
          p[k] = rnd.nextDouble() / p.length;
        }
        String id = RequestId.next();
        ids.add(id);
        ps.setString(1, id);
        ps.setInt(2, 0);
        ps.setString(3, "product-classifier");
        ps.setString(4, "1");
        ps.setString(5, "stable");
        ps.setString(6, "primary");
        ps.setLong(7, System.currentTimeMillis());
        ps.setString(8, input);
        ps.setString(9, "Furniture/Bookcases");
        ps.setNull(10, java.sql.Types.DOUBLE);
        ps.setBytes(11, LoggedPrediction.pack(p));
        ps.setDouble(12, 0.93);
        ps.setNull(13, java.sql.Types.VARCHAR);
        ps.addBatch();
        if ((i + 1) % 500 == 0 || i == rows - 1) {
          ps.executeBatch();
          c.commit();
        }
      }
    }
  }

  /** n random predictions labelled, in one batch and one commit, by each engine's own upsert. */
  private static int label(Connection c, List<String> ids, SplittableRandom rnd, int n) throws Exception {
    boolean h2 = c.getMetaData().getDatabaseProductName().startsWith("H2");
    // SQLite has no MERGE: its upsert is INSERT .. ON CONFLICT, as the shipped store writes it
    String sql = h2 ? "MERGE INTO labels (request_id, row_index, label, at_ms) KEY (request_id, row_index) VALUES (?, 0, ?, ?)"
        : "INSERT INTO labels (request_id, row_index, label, at_ms) VALUES (?, 0, ?, ?) ON CONFLICT (request_id, row_index)"
            + " DO UPDATE SET label = excluded.label, at_ms = excluded.at_ms, corrections = labels.corrections + 1";
    try (PreparedStatement up = c.prepareStatement(sql)) {
      for (int i = 0; i < n; i++) {
        up.setString(1, ids.get(rnd.nextInt(ids.size())));
        up.setString(2, rnd.nextBoolean() ? "Furniture/Bookcases" : "Furniture/Chairs");
        up.setLong(3, System.currentTimeMillis());
        up.addBatch();
      }
      up.executeBatch();
      c.commit();
    }
    return n;
  }

  private static int realized(Connection c, int limit) throws Exception {
    int n = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT p.request_id, p.row_index, p.version, p.route, p.path, "
        + "p.at_ms, p.input, p.answer, p.value, p.probabilities, p.confidence, l.label, l.value FROM predictions p "
        + "JOIN labels l ON p.request_id = l.request_id AND p.row_index = l.row_index WHERE p.model = ? ORDER BY "
        + "p.at_ms DESC LIMIT ?")) {
      ps.setString(1, "product-classifier");
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getString(7);
          rs.getBytes(10);
          n++;
        }
      }
    }
    c.commit();
    return n;
  }
}
