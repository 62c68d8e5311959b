package dev.verdict.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** The outcome schema, versioned and applied by Flyway: {@code db/outcomes/sqlite} or {@code db/outcomes/postgresql}. */
final class Migrations {
  private Migrations() {
  }

  /** Brings the database at {@code jdbcUrl} to the latest schema; returns the version it is at. */
  static String migrate(String jdbcUrl, String user, String password, String dialect) {
    MigrateResult r = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(jdbcUrl, user, password)
        .locations("classpath:db/outcomes/" + dialect)
        .table("verdict_schema_history")
        .load()
        .migrate();
    String at = r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
    if (at == null) {
      // a jar or class path without the migrations would otherwise run with no tables at all
      throw new IllegalStateException("no outcome schema migrations found (classpath:db/outcomes/" + dialect + ")");
    }
    return at;
  }
}
