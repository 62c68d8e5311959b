package dev.verdict;

import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Real HTTP traffic for tests: bounded concurrency, loopback only, results in request order. */
public final class Traffic {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Traffic() {
  }

  /** Holdout products as API bodies (label and split removed), in a seeded random order. */
  public static List<JsonObject> holdout(long seed) throws Exception {
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<JsonObject> out = new ArrayList<>();
    for (int i : data.indicesOf("holdout")) {
      JsonObject o = new JsonObject(new java.util.HashMap<>(data.records().get(i)));
      o.remove("category");
      o.remove("split");
      out.add(o);
    }
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  public record Answer(int status, JsonObject body, String retryAfter) {
    public String path() {
      return body.getJsonObject("model", new JsonObject()).getString("path");
    }
  }

  public static List<Answer> post(VerdictServer s, String path, List<JsonObject> bodies, int concurrency) {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Answer>> futures = new ArrayList<>();
    for (JsonObject b : bodies) {
      slots.acquireUninterruptibly();
      HttpRequest req = HttpRequest.newBuilder(s.uri(path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b.encode())).build();
      futures.add(CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> new Answer(r.statusCode(), new JsonObject(r.body()),
              r.headers().firstValue("Retry-After").orElse(null)))
          .whenComplete((a, e) -> slots.release()));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  public static JsonObject drift(VerdictServer s, String model) throws Exception {
    return new JsonObject(s.get("/models/" + model + "/drift").body()).getJsonObject("models").getJsonObject(model);
  }

  /** Polls the drift report until {@code done} holds (workers publish scored events every 100 ms at most). */
  public static JsonObject awaitDrift(VerdictServer s, String model, java.util.function.Predicate<JsonObject> done)
      throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject d = drift(s, model);
    while (!done.test(d) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      d = drift(s, model);
    }
    return d;
  }

  public static Map<String, Long> paths(List<Answer> answers) {
    Map<String, Long> m = new java.util.TreeMap<>();
    answers.forEach(a -> m.merge(a.status() == 200 ? a.path() : "HTTP " + a.status(), 1L, Long::sum));
    return m;
  }
}
