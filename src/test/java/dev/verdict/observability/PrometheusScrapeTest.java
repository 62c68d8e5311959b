package dev.verdict.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.Traffic;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian package {@code prometheus}, installed by {@code .ci/run}) scrapes Verdict
 * on loopback, and {@code promtool check metrics} accepts the exposition.
 */
class PrometheusScrapeTest {

  @Test
  void promtoolAcceptsTheExposition(@TempDir Path tmp) throws Exception {
    dev.verdict.Tools.require("promtool", "prometheus");
    try (VerdictServer s = VerdictServer.start(java.util.Map.of("metrics_vertx", "true"))) {
      Traffic.post(s, "/predict", Traffic.holdout(3).subList(0, 20), 2);
      Path exposition = tmp.resolve("metrics.txt");
      Files.writeString(exposition, s.get("/metrics").body());
      Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(exposition.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }
  }

  @Test
  void aRealPrometheusScrapesVerdict(@TempDir Path tmp) throws Exception {
    dev.verdict.Tools.require("prometheus", "prometheus");
    int promPort;
    try (ServerSocket free = new ServerSocket(0)) {
      promPort = free.getLocalPort();
    }
    try (VerdictServer s = VerdictServer.start(java.util.Map.of("metrics_vertx", "true"))) {
      Path conf = tmp.resolve("prometheus.yml");
      Files.writeString(conf, Files.readString(Path.of("conf/prometheus.yml"))
          .replace("127.0.0.1:8080", "127.0.0.1:" + s.port).replace("scrape_interval: 15s", "scrape_interval: 1s"));
      Process prom = new ProcessBuilder("prometheus", "--config.file=" + conf, "--storage.tsdb.path=" + tmp.resolve("data"),
          "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
      try {
        Traffic.post(s, "/predict", Traffic.holdout(4).subList(0, 30), 2);
        HttpClient http = HttpClient.newHttpClient();
        double predictions = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && predictions < 30) {
          Thread.sleep(500);
          try {
            String q = URLEncoder.encode("sum(verdict_predictions_total{job=\"verdict\"})", StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort
                + "/api/v1/query?query=" + q)).build(), HttpResponse.BodyHandlers.ofString());
            JsonArray result = new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
            if (!result.isEmpty()) {
              predictions = Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
            }
          } catch (java.io.IOException notUpYet) {
            // Prometheus is still starting
          }
        }
        assertThat(predictions).as(Files.readString(tmp.resolve("prometheus.log"))).isGreaterThanOrEqualTo(30.0);
      } finally {
        prom.destroy();
        prom.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
