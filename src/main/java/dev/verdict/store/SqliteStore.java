package dev.verdict.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a committed label survives a
 * crash of the process and of the machine. One connection, used only through this context's ordered blocking
 * queue: writes are serialised as SQLite wants them, and never on an event loop. Long work (retention) is queued
 * in chunks, so the log's appends are written between them.
 */
public final class SqliteStore implements OutcomeStore {
  private final Vertx vertx;
  private final Connection db;

  private SqliteStore(Vertx vertx, Connection db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** Opens (creating) {@code file}, migrates it; blocking: call it off the event loop. */
  public static SqliteStore open(Vertx vertx, Path file) throws Exception {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    Migrations.migrate(url, null, null, "sqlite");
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=5000");
      // after a burst (a large retention pass) the WAL file shrinks back to this once checkpointed
      s.execute("PRAGMA journal_size_limit=67108864");
    }
    c.setAutoCommit(false);
    return new SqliteStore(vertx, c);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(() -> {
      try {
        T t = work.call();
        db.commit();
        return t;
      } catch (Exception e) {
        try {
          db.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r); // the first failure is the one to report
        }
        throw e;
      }
    }, true);
  }

  @Override
  public Future<Void> append(List<LoggedPrediction> entries) {
    return blocking(() -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO predictions (request_id, row_index, model, "
          + "version, route, path, at_ms, input, answer, value, probabilities, confidence, support) "
          + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (LoggedPrediction e : entries) {
          ps.setString(1, e.requestId());
          ps.setInt(2, e.index());
          ps.setString(3, e.model());
          ps.setString(4, e.version());
          ps.setString(5, e.route());
          ps.setString(6, e.path());
          ps.setLong(7, e.atMs());
          ps.setString(8, e.input());
          ps.setString(9, e.answer());
          setDouble(ps, 10, e.value());
          ps.setBytes(11, e.probabilities());
          setDouble(ps, 12, e.confidence());
          ps.setString(13, e.support());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public Future<List<LoggedPrediction>> lookup(List<String> requestIds) {
    return blocking(() -> {
      List<LoggedPrediction> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepareStatement("SELECT request_id, row_index, model, version, route, path, "
          + "at_ms, answer FROM predictions WHERE request_id = ?")) {
        for (String id : new java.util.LinkedHashSet<>(requestIds)) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new LoggedPrediction(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                  rs.getString(5), rs.getString(6), rs.getLong(7), null, rs.getString(8), null, null, null, null));
            }
          }
        }
      }
      return out;
    });
  }

  @Override
  public Future<LabelWrite> label(List<Feedback> items, long atMs) {
    return blocking(() -> {
      int matched = 0;
      int corrected = 0;
      try (PreparedStatement had = db.prepareStatement("SELECT 1 FROM labels WHERE request_id = ? AND row_index = ?");
           PreparedStatement known = db.prepareStatement(
               "SELECT 1 FROM predictions WHERE request_id = ? AND row_index = ? LIMIT 1");
           PreparedStatement up = db.prepareStatement("INSERT INTO labels (request_id, row_index, label, value, at_ms) "
               + "VALUES (?,?,?,?,?) ON CONFLICT (request_id, row_index) DO UPDATE SET label = excluded.label, "
               + "value = excluded.value, at_ms = excluded.at_ms, corrections = labels.corrections + 1")) {
        for (Feedback f : items) {
          corrected += exists(had, f) ? 1 : 0;
          matched += exists(known, f) ? 1 : 0;
          up.setString(1, f.requestId());
          up.setInt(2, f.index());
          up.setString(3, f.label());
          setDouble(up, 4, f.value());
          up.setLong(5, atMs);
          up.executeUpdate();
        }
      }
      return new LabelWrite(items.size(), matched, corrected);
    });
  }

  private static boolean exists(PreparedStatement ps, Feedback f) throws SQLException {
    ps.setString(1, f.requestId());
    ps.setInt(2, f.index());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static final String JOINED = "SELECT p.request_id, p.row_index, p.version, p.route, p.path, p.at_ms, "
      + "p.input, p.answer, p.value, p.probabilities, p.confidence, l.label, l.value FROM predictions p JOIN labels l "
      + "ON p.request_id = l.request_id AND p.row_index = l.row_index WHERE p.model = ? ";

  @Override
  public Future<List<LabelledRow>> labelled(String model, int limit) {
    return blocking(() -> {
      try (PreparedStatement ps = db.prepareStatement(JOINED + "ORDER BY p.at_ms DESC LIMIT ?")) {
        ps.setString(1, model);
        ps.setInt(2, limit);
        return rows(ps);
      }
    });
  }

  @Override
  public Future<List<LabelledRow>> export(String model, String version, long sinceMs) {
    return blocking(() -> {
      try (PreparedStatement ps = db.prepareStatement(JOINED + "AND p.at_ms >= ? AND p.route <> 'shadow'"
          + (version == null ? "" : " AND p.version = ?") + " ORDER BY p.at_ms, p.request_id, p.row_index")) {
        ps.setString(1, model);
        ps.setLong(2, sinceMs);
        if (version != null) {
          ps.setString(3, version);
        }
        return rows(ps);
      }
    });
  }

  private static List<LabelledRow> rows(PreparedStatement ps) throws SQLException {
    List<LabelledRow> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new LabelledRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getString(7), rs.getString(8), getDouble(rs, 9), rs.getBytes(10), getDouble(rs, 11),
            rs.getString(12), getDouble(rs, 13)));
      }
    }
    return out;
  }

  /** Rows deleted per transaction by retention: the log's appends wait for one chunk at most, not for all. */
  public static final int RETAIN_CHUNK = 10_000;

  /**
   * Rows are appended in answer order, so the oldest have the lowest rowids: the cut is found from the rowid
   * B-tree (the first row young enough, and the max rowid less {@code maxRows}) and the rows below it go in chunks
   * of {@link #RETAIN_CHUNK}, each its own transaction. Sorting the table by {@code at_ms} to find the cut, as
   * this did before, scanned every row: on an 11-million-row log it was still running minutes after start, with
   * the log's writes queued behind it and dropped. A row answered a moment out of order (entries wait up to a
   * flush interval) goes in the next pass.
   */
  @Override
  public Future<Long> retain(long beforeMs, long maxRows) {
    return blocking(() -> {
      long max = single("SELECT coalesce(max(rowid), 0) FROM predictions", null);
      Long young = single("SELECT rowid FROM predictions WHERE at_ms >= ? ORDER BY rowid LIMIT 1", beforeMs);
      return Math.max(young == null ? max + 1 : young, max - maxRows + 1);
    }).compose(cut -> deleteBelow(cut, 0L)).compose(n -> deleteLabels(beforeMs).map(n));
  }

  private Future<Long> deleteBelow(long cut, long done) {
    return blocking(() -> {
      // the chunk's bound is a plain number: with a subquery in it SQLite scanned the table for every chunk
      long upTo = Math.min(cut, single("SELECT coalesce(min(rowid), 0) FROM predictions", null) + RETAIN_CHUNK);
      try (PreparedStatement ps = db.prepareStatement("DELETE FROM predictions WHERE rowid < ?")) {
        ps.setLong(1, upTo);
        return (long) ps.executeUpdate();
      }
    }).compose(n -> n == 0 ? Future.succeededFuture(done) : deleteBelow(cut, done + n));
  }

  private Future<Void> deleteLabels(long beforeMs) {
    return blocking(() -> {
      try (PreparedStatement ps = db.prepareStatement("DELETE FROM labels WHERE rowid IN (SELECT rowid FROM labels "
          + "WHERE at_ms < ? LIMIT " + RETAIN_CHUNK + ")")) {
        ps.setLong(1, beforeMs);
        return ps.executeUpdate();
      }
    }).compose(n -> n == 0 ? Future.succeededFuture() : deleteLabels(beforeMs));
  }

  private Long single(String sql, Long arg) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      if (arg != null) {
        ps.setLong(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      db.close();
      return null;
    }, true);
  }

  private static void setDouble(PreparedStatement ps, int i, Double d) throws SQLException {
    if (d == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, d);
    }
  }

  private static Double getDouble(ResultSet rs, int i) throws SQLException {
    double d = rs.getDouble(i);
    return rs.wasNull() ? null : d;
  }
}
