package dev.verdict.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The production store: PostgreSQL through the reactive vertx-pg-client (no thread waits on it), shared by every
 * node of a cluster, so realized performance covers every node's predictions. Flyway migrates the schema over
 * JDBC once at start.
 */
public final class PgStore implements OutcomeStore {
  private final Pool pool;

  private PgStore(Pool pool) {
    this.pool = pool;
  }

  /** Migrates (blocking: call it off the event loop), then opens a pool of {@code size} connections. */
  public static PgStore open(Vertx vertx, String uri, int size) {
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    Migrations.migrate(jdbcUrl(o), o.getUser(), o.getPassword(), "postgresql");
    return new PgStore(PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(o).using(vertx).build());
  }

  /** The JDBC form of a {@code postgresql://} URI's address (Flyway, and tests, speak JDBC). */
  public static String jdbcUrl(PgConnectOptions o) {
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  @Override
  public Future<Void> append(List<LoggedPrediction> entries) {
    List<Tuple> rows = new ArrayList<>(entries.size());
    for (LoggedPrediction e : entries) {
      rows.add(Tuple.from(new Object[] {e.requestId(), e.index(), e.model(), e.version(), e.route(), e.path(),
          e.atMs(), e.input(), e.answer(), e.value(),
          e.probabilities() == null ? null : io.vertx.core.buffer.Buffer.buffer(e.probabilities()), e.confidence(),
          e.support()}));
    }
    return pool.withTransaction(c -> c.preparedQuery("INSERT INTO predictions (request_id, row_index, model, version, "
        + "route, path, at_ms, input, answer, value, probabilities, confidence, support) VALUES ($1,$2,$3,$4,$5,$6,$7,"
        + "$8,$9,$10,$11,$12,$13)").executeBatch(rows)).mapEmpty();
  }

  @Override
  public Future<List<LoggedPrediction>> lookup(List<String> requestIds) {
    return pool.preparedQuery("SELECT request_id, row_index, model, version, route, path, at_ms, answer FROM "
            + "predictions WHERE request_id = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(requestIds.toArray(String[]::new)))
        .map(rs -> {
          List<LoggedPrediction> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(new LoggedPrediction(r.getString(0), r.getInteger(1), r.getString(2), r.getString(3),
                r.getString(4), r.getString(5), r.getLong(6), null, r.getString(7), null, null, null, null));
          }
          return out;
        });
  }

  @Override
  public Future<LabelWrite> label(List<Feedback> items, long atMs) {
    List<Tuple> rows = new ArrayList<>(items.size());
    String[] ids = new String[items.size()];
    Integer[] idx = new Integer[items.size()];
    for (int i = 0; i < items.size(); i++) {
      Feedback f = items.get(i);
      rows.add(Tuple.of(f.requestId(), f.index(), f.label(), f.value(), atMs));
      ids[i] = f.requestId();
      idx[i] = f.index();
    }
    return pool.withTransaction(c -> c.preparedQuery("SELECT count(*) FROM (SELECT DISTINCT p.request_id, p.row_index "
            + "FROM predictions p JOIN unnest($1::text[], $2::int[]) AS u(id, ix) ON p.request_id = u.id AND "
            + "p.row_index = u.ix) t").execute(Tuple.tuple().addArrayOfString(ids).addArrayOfInteger(idx))
        .compose(known -> c.preparedQuery("INSERT INTO labels (request_id, row_index, label, value, at_ms) VALUES "
                + "($1,$2,$3,$4,$5) ON CONFLICT (request_id, row_index) DO UPDATE SET label = excluded.label, value = "
                + "excluded.value, at_ms = excluded.at_ms, corrections = labels.corrections + 1 RETURNING (xmax <> 0)")
            .executeBatch(rows)
            .map(rs -> {
              int corrected = 0;
              for (RowSet<Row> r = rs; r != null; r = r.next()) {
                for (Row row : r) {
                  corrected += row.getBoolean(0) ? 1 : 0;
                }
              }
              return new LabelWrite(items.size(), known.iterator().next().getLong(0).intValue(), corrected);
            })));
  }

  private static final String JOINED = "SELECT p.request_id, p.row_index, p.version, p.route, p.path, p.at_ms, "
      + "p.input, p.answer, p.value, p.probabilities, p.confidence, l.label, l.value FROM predictions p JOIN labels l "
      + "ON p.request_id = l.request_id AND p.row_index = l.row_index WHERE p.model = $1 ";

  @Override
  public Future<List<LabelledRow>> labelled(String model, int limit) {
    return pool.preparedQuery(JOINED + "ORDER BY p.at_ms DESC LIMIT $2").execute(Tuple.of(model, limit))
        .map(PgStore::rows);
  }

  @Override
  public Future<List<LabelledRow>> export(String model, String version, long sinceMs) {
    String sql = JOINED + "AND p.at_ms >= $2 AND p.route <> 'shadow'" + (version == null ? "" : " AND p.version = $3")
        + " ORDER BY p.at_ms, p.request_id, p.row_index";
    return pool.preparedQuery(sql).execute(version == null ? Tuple.of(model, sinceMs) : Tuple.of(model, sinceMs, version))
        .map(PgStore::rows);
  }

  private static List<LabelledRow> rows(RowSet<Row> rs) {
    List<LabelledRow> out = new ArrayList<>();
    for (Row r : rs) {
      out.add(new LabelledRow(r.getString(0), r.getInteger(1), r.getString(2), r.getString(3), r.getString(4),
          r.getLong(5), r.getString(6), r.getString(7), r.getDouble(8),
          r.getBuffer(9) == null ? null : r.getBuffer(9).getBytes(), r.getDouble(10),
          r.getString(11), r.getDouble(12)));
    }
    return out;
  }

  @Override
  public Future<Long> retain(long beforeMs, long maxRows) {
    return pool.withTransaction(c -> c.preparedQuery("DELETE FROM predictions WHERE at_ms < $1").execute(Tuple.of(beforeMs))
        .compose(a -> c.preparedQuery("DELETE FROM labels WHERE at_ms < $1").execute(Tuple.of(beforeMs))
            .compose(b -> c.preparedQuery("DELETE FROM predictions WHERE at_ms < (SELECT at_ms FROM predictions ORDER BY "
                + "at_ms DESC LIMIT 1 OFFSET $1)").execute(Tuple.of(Math.max(0, maxRows - 1))))
            .map(d -> (long) a.rowCount() + d.rowCount())));
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
