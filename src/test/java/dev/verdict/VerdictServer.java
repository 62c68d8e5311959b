package dev.verdict;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.verdict.app.MainVerticle;
import dev.verdict.app.VerdictConfig;
import dev.verdict.app.VerdictVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The real service for tests: a Vert.x instance with blocked-thread checking at 100 ms (any event-loop
 * stall that long is recorded and fails the test that owns the server), the shipped models, a free port.
 */
public final class VerdictServer implements AutoCloseable {
  private static final String BTC_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

  public final Vertx vertx;
  public final MainVerticle main;
  public final int port;
  private final ListAppender<ILoggingEvent> blocked = new ListAppender<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private VerdictServer(Vertx vertx, MainVerticle main, ListAppender<ILoggingEvent> appender) {
    this.vertx = vertx;
    this.main = main;
    this.port = main.port();
  }

  public static VerdictServer start(Map<String, Object> overrides) throws Exception {
    return start(overrides, dev.verdict.inference.InferenceHooks.NONE);
  }

  public static VerdictServer start(Map<String, Object> overrides, dev.verdict.inference.InferenceHooks hooks)
      throws Exception {
    return start(overrides, hooks, false);
  }

  /** @param tls the server speaks HTTPS: skip the plain-HTTP warm-up */
  public static VerdictServer start(Map<String, Object> overrides, dev.verdict.inference.InferenceHooks hooks,
                                    boolean tls) throws Exception {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    JsonObject conf = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("models_dir", "models")
        .put("default_model", "product-classifier").put("workers", 2).put("http_instances", 1)
        .put("max_body_bytes", 1_048_576).put("max_batch", 100).put("send_timeout_ms", 5000)
        .put("request_timeout_ms", 10000).put("fallback", "auto").put("blocked_thread_check_ms", 100)
        // Most tests are about the worker path and repeat requests; ResponseCacheTest turns the cache on.
        .put("cache", new JsonObject().put("max_entries", 0))
        // each server its own outcome store, never a file in the working copy
        .put("outcomes", new JsonObject().put("dir",
            java.nio.file.Files.createTempDirectory("verdict-outcomes").toString()));
    overrides.forEach(conf::put);
    // every test server its own gRPC port, unless the test names one
    JsonObject http = conf.getJsonObject("http", new JsonObject()).copy();
    if (!http.containsKey("grpc_port")) {
      conf.put("http", http.put("grpc_port", 0));
    }
    VerdictConfig config = VerdictConfig.fromJson(conf);
    VerdictVertx.Built built = VerdictVertx.start(config, 100, config.metricsEnabled()).await(120, TimeUnit.SECONDS);
    Vertx vertx = built.vertx();
    MainVerticle main = new MainVerticle(config, config.metricsEnabled() ? built.registry() : null, hooks);
    vertx.deployVerticle(main).await(60, TimeUnit.SECONDS);
    VerdictServer s = new VerdictServer(vertx, main, appender);
    // First requests load classes (validator, codecs, JIT stubs): that is start-up, not a blocked loop.
    if (!tls) {
      s.get("/");
      s.postJson("/predict", "{\"title\": \"warm up\"}");
      s.postJson("/predict/batch", "[{\"title\": \"warm up\"}]");
    }
    Logger btc = (Logger) LoggerFactory.getLogger(BTC_LOGGER);
    s.blocked.start();
    btc.addAppender(s.blocked);
    return s;
  }

  public static VerdictServer start() throws Exception {
    return start(Map.of());
  }

  /** Messages of every blocked-thread warning for an event-loop thread since start. */
  public List<String> eventLoopBlocks() {
    return blocked.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("eventloop")).toList();
  }

  /**
   * The event-loop blocks longer than {@code ms}. For tests that run many client threads on a small machine,
   * where a GC pause or the scheduler alone can hold a loop past 100 ms; work that belongs on a worker (a
   * model load, a scorer proof) takes far longer and still shows.
   */
  public List<String> eventLoopBlocksOver(long ms) {
    java.util.regex.Pattern blockedFor = java.util.regex.Pattern.compile("blocked for (\\d+) ms");
    return eventLoopBlocks().stream().filter(m -> {
      java.util.regex.Matcher x = blockedFor.matcher(m);
      return !x.find() || Long.parseLong(x.group(1)) > ms;
    }).toList();
  }

  /** The gRPC port bound (the OIP gRPC door), or -1 when it is off. */
  public int grpcPort() {
    Object p = vertx.sharedData().getLocalMap("verdict").get(dev.verdict.http.HttpVerticle.GRPC_PORT_KEY);
    return p instanceof Integer i ? i : -1;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A body of raw bytes (the OIP binary tensor extension) with extra headers, answered as bytes. */
  public HttpResponse<byte[]> postBytes(String path, byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * The one way tests post JSON with headers: {@code postWith("/predict", body, "X-Request-Id", "r-1")}, header
   * names and values in pairs; a null body posts nothing (an admin action).
   */
  public HttpResponse<String> postWith(String path, String body, String... headers) throws Exception {
    return http.send(jsonPost(path, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  /** The same, answered later: for a request that must be in flight while the test acts. */
  public java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(String path, String body,
                                                                              String... headers) {
    return http.sendAsync(jsonPost(path, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A JSON POST, or an empty one when {@code body} is null. 120 s: an admin reload under load proves a compiled
   * scorer before it answers; a request that hangs still fails the test, later.
   */
  private HttpRequest jsonPost(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i + 1] != null) { // a header given as null is left out
        b.header(headers[i], headers[i + 1]);
      }
    }
    return b.build();
  }

  /** Any request built by the caller (extra headers), answered as text. */
  public HttpResponse<String> http(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> postJson(String path, Object body) throws Exception {
    return post(path, "application/json", body instanceof String s ? s : io.vertx.core.json.Json.encode(body));
  }

  /**
   * A metric from {@code /metrics}: the sum of every series of the name whose labels include the ones given
   * ({@code name{a="b"}}, or a bare name for all its series); 0 when none is exposed yet.
   */
  public double metric(String series) throws Exception {
    int brace = series.indexOf('{');
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    if (brace >= 0) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(series.substring(brace));
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
    }
    return sum(get("/metrics").body(), brace < 0 ? series : series.substring(0, brace), labels);
  }

  /** The tests' one reading of a Prometheus exposition: every sample of {@code name} whose labels include all given. */
  public static double sum(String exposition, String name, Map<String, String> labels) {
    double total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(name)
        + "(\\{[^}]*\\})? (\\S+)$", java.util.regex.Pattern.MULTILINE).matcher(exposition);
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  @Override
  public void close() throws Exception {
    ((Logger) LoggerFactory.getLogger(BTC_LOGGER)).detachAppender(blocked);
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
