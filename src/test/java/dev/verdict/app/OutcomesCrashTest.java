package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.Tools;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 2xx to a label means it is durably stored: 20 clients post labels while the server is killed with SIGKILL,
 * and every label that got a 2xx is in the store afterwards. On SQLite and on PostgreSQL.
 */
class OutcomesCrashTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void everyAcknowledgedLabelSurvivesKill9(String kind, @TempDir Path repo) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    String pg = null;
    if ("postgres".equals(kind)) {
      pg = Tools.postgresUri();
      dev.verdict.store.Stores.truncate(pg);
      env.put("VERDICT_OUTCOMES_STORE", "postgres");
      env.put("VERDICT_OUTCOMES_PG_URI", pg);
    }
    TestModels.copyTree(ROOT.resolve("conf"), repo.resolve("conf"));
    TestModels.copyTree(ROOT.resolve("models/penguins"), repo.resolve("models/penguins"));
    env.put("VERDICT_DEFAULT_MODEL", "penguins");
    DocRunner.Session session = new DocRunner.Session(repo);
    Process server = DocRunner.serve(repo, session.port, env);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(20);
    try {
      for (int c = 0; c < 20; c++) {
        int client = c;
        clients.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String id = kind + "-" + client + "-" + i;
            sent.incrementAndGet();
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port
                      + "/feedback")).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("request_id", id)
                      .put("label", "Adelie").encode())).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                acked.add(id);
              }
            } catch (Exception e) {
              return; // the server is gone
            }
          }
        });
      }
      // kill -9 once labels are flowing
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() < 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      server.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
    } finally {
      clients.shutdownNow();
      clients.awaitTermination(30, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
    Set<String> stored = new HashSet<>();
    try (Connection db = pg == null ? DriverManager.getConnection("jdbc:sqlite:" + repo.resolve("outcomes/outcomes.db"))
        : jdbc(pg); Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT request_id FROM labels")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    System.out.printf("%s: %d labels sent, %d acknowledged before kill -9, %d stored; %d acknowledged and lost%n",
        kind, sent.get(), acked.size(), stored.size(), acked.stream().filter(id -> !stored.contains(id)).count());
    assertThat(acked).hasSizeGreaterThanOrEqualTo(200);
    assertThat(stored).containsAll(acked);
  }

  private static Connection jdbc(String uri) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    return DriverManager.getConnection(dev.verdict.store.PgStore.jdbcUrl(o), o.getUser(), o.getPassword());
  }
}
