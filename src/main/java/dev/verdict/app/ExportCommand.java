package dev.verdict.app;

import dev.verdict.store.LabelledRow;
import dev.verdict.store.OutcomeSettings;
import dev.verdict.store.OutcomeStore;
import dev.verdict.store.PgStore;
import dev.verdict.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write logged predictions with their labels as a table train reads: each row the logged input "
        + "and the label under the model's label field.",
        "The loop closes offline: log → label → export → train → canary."})
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "NAME")
  String model;

  @Option(names = "--version", paramLabel = "V", description = "only this version's answers (default: every version)")
  String version;

  @Option(names = "--since", paramLabel = "TIME", description = "ISO-8601 instant, or epoch milliseconds (default: all)")
  String since;

  @Option(names = "--labelled", required = true, description = "only predictions that have a label (the one kind exported)")
  boolean labelled;

  @Option(names = "--out", required = true, paramLabel = "FILE")
  Path out;

  @Option(names = "--label-field", paramLabel = "NAME",
      description = "the label column (default: the model's, from its manifest, else \"label\")")
  String labelField;

  @Option(names = "--config", defaultValue = "conf/config.json", description = "where the store is configured (default: ${DEFAULT-VALUE})")
  Path config;

  @Override
  public Integer call() throws Exception {
    VerdictConfig c = VerdictConfig.load(Files.exists(config) ? config : null, System.getenv());
    OutcomeSettings s = c.outcomes();
    long from = since == null ? 0 : since.matches("\\d+") ? Long.parseLong(since) : Instant.parse(since).toEpochMilli();
    String field = labelField != null ? labelField : labelFieldOf(c.modelsDir().resolve(model));
    Vertx vertx = Vertx.vertx();
    try {
      OutcomeStore store = vertx.executeBlocking(() -> "postgres".equals(s.store())
          ? (OutcomeStore) PgStore.open(vertx, s.pgUri(), 1) : SqliteStore.open(vertx, s.dir().resolve("outcomes.db")))
          .await(60, TimeUnit.SECONDS);
      List<LabelledRow> rows = store.export(model, version, from).await(300, TimeUnit.SECONDS);
      if (rows.isEmpty()) {
        // a misspelt model or version must not pass for an empty but successful export
        store.close().await(30, TimeUnit.SECONDS);
        throw new java.io.IOException("no labelled predictions of model " + model + (version == null ? ""
            : " version " + version) + " in the " + s.store() + " store" + (since == null ? "" : " since " + since)
            + " (check --model, --version and --since)");
      }
      int written = 0;
      try (BufferedWriter w = Files.newBufferedWriter(out)) {
        for (LabelledRow r : rows) {
          if (r.input() == null) {
            continue;
          }
          JsonObject row = new JsonObject(r.input());
          row.put(field, r.label() != null ? r.label() : r.labelValue());
          w.write(row.encode());
          w.newLine();
          written++;
        }
      }
      store.close().await(30, TimeUnit.SECONDS);
      System.out.printf("%d labelled predictions of %s%s written to %s (label field \"%s\")%n", written, model,
          version == null ? "" : " version " + version, out, field);
      return 0;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** The label field the model was trained with (its stable version's manifest), else "label". */
  private static String labelFieldOf(Path modelDir) {
    try (var dirs = Files.list(modelDir)) {
      for (Path d : dirs.sorted().toList()) {
        Path m = d.resolve("manifest.json");
        if (Files.isRegularFile(m)) {
          String f = new JsonObject(Files.readString(m)).getJsonObject("training", new JsonObject()).getString("label");
          if (f != null) {
            return f;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no model directory here: the default name
    }
    return "label";
  }
}
