package dev.verdict.store;

import dev.verdict.Tools;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** The two stores for tests: a fresh SQLite file, or the test PostgreSQL emptied first. */
public final class Stores {
  private Stores() {
  }

  public static OutcomeStore open(String kind, Vertx vertx, Path dir) throws Exception {
    if ("sqlite".equals(kind)) {
      return vertx.executeBlocking(() -> (OutcomeStore) SqliteStore.open(vertx, dir.resolve("outcomes.db")))
          .await(60, TimeUnit.SECONDS);
    }
    String uri = Tools.postgresUri();
    OutcomeStore s = vertx.executeBlocking(() -> (OutcomeStore) PgStore.open(vertx, uri, 2)).await(60, TimeUnit.SECONDS);
    truncate(uri);
    return s;
  }

  /** Empties the test database's outcome tables, creating them first on a fresh database. */
  public static void truncate(String uri) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    Migrations.migrate(PgStore.jdbcUrl(o), o.getUser(), o.getPassword(), "postgresql");
    try (Connection c = DriverManager.getConnection(PgStore.jdbcUrl(o), o.getUser(), o.getPassword());
         Statement st = c.createStatement()) {
      st.execute("TRUNCATE predictions, labels");
    }
  }
}
