package dev.verdict.bench;

import dev.verdict.features.FeatureSpec;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.Metrics;
import dev.verdict.train.Shifts;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One labelled stream through HTTP to a running server (bench/drift-streams.sh starts a fresh one per stream):
 * prints one markdown row with the alarm, when it was first raised, the answers by path, and the macro-F1 of the
 * answers against the primary alone (scored here through the same DJL-loaded model). Streams are built from
 * the holdout with their own seeds; the out-of-domain catalog has no labels.
 * Usage: DriftStreams URL STREAM REQUESTS
 */
public final class DriftStreams {
  static final String[] VIDEO = {"streaming", "video", "4k", "uhd", "hdr", "movie", "series", "season", "pass",
      "premium", "subscription", "annual", "plan", "channel", "live", "sports", "package", "bundle", "rental", "film"};

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String stream = args[1];
    int n = Integer.parseInt(args[2]);
    ModelVersion v = ModelVersion.open(Path.of("models/product-classifier/1"));
    List<Map<String, Object>> bodies = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    build(v.pipeline(), stream, n, bodies, labels);
    HttpClient client = HttpClient.newHttpClient();
    Map<String, Long> paths = new TreeMap<>();
    List<String> answered = new ArrayList<>(Collections.nCopies(bodies.size(), (String) null));
    int alarmAt = -1;
    String alarmKind = "";
    for (int from = 0; from < bodies.size(); from += 100) {
      int to = Math.min(bodies.size(), from + 100);
      Semaphore slots = new Semaphore(8);
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      for (int i = from; i < to; i++) {
        final int at = i;
        slots.acquireUninterruptibly();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/predict")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(bodies.get(i)).encode())).build();
        fs.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
          JsonObject b = new JsonObject(r.body());
          synchronized (paths) {
            paths.merge(r.statusCode() == 200 ? b.getJsonObject("model").getString("path") : "HTTP " + r.statusCode(),
                1L, Long::sum);
          }
          answered.set(at, b.getString("prediction"));
        }).whenComplete((x, e) -> slots.release()));
      }
      fs.forEach(CompletableFuture::join);
      if (alarmAt < 0) {
        Thread.sleep(150); // scored events reach the drift verticle in batches of up to 100 ms
        JsonObject d = drift(client, url);
        if (d.getBoolean("data_drift") || d.getBoolean("concept_drift")) {
          alarmAt = to;
          alarmKind = d.getString("state");
        }
      }
    }
    Thread.sleep(300);
    JsonObject d = drift(client, url);
    String f1 = "n/a";
    String primaryF1 = "n/a";
    if (!labels.isEmpty()) {
      int k = v.labels().size();
      int[] y = labels.stream().mapToInt(v.labels()::indexOf).toArray();
      double[][] got = new double[y.length][];
      double[][] alone = new double[y.length][];
      try (LightGbmScorer scorer = v.openScorer()) {
        for (int i = 0; i < y.length; i++) {
          got[i] = oneHot(k, v.labels().indexOf(answered.get(i)));
          alone[i] = scorer.predict(v.pipeline().encode(bodies.get(i)));
        }
      }
      f1 = String.format("%.4f", Metrics.of(got, y, k).macroF1());
      primaryF1 = String.format("%.4f", Metrics.of(alone, y, k).macroF1());
    }
    JsonObject concept = d.getJsonObject("concept");
    System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %s | %.3f / %.3f / %.3f | %.3f |%n", stream, bodies.size(),
        alarmAt < 0 ? "no" : "yes (" + alarmKind + ")", alarmAt < 0 ? "–" : Integer.toString(alarmAt),
        d.getBoolean("concentrated") ? "yes" : "no", paths, f1, primaryF1,
        num(concept.getDouble("estimated_accuracy")), num(concept.getDouble("reference_accuracy")),
        num(concept.getDouble("accuracy_alarm_level")),
        num(d.getJsonObject("support").getDouble("out_of_support_share")));
  }

  static double num(Double d) {
    return d == null ? Double.NaN : d;
  }

  static double[] oneHot(int k, int c) {
    double[] p = new double[k];
    if (c >= 0) {
      p[c] = 1;
    }
    return p;
  }

  static JsonObject drift(HttpClient client, String url) throws Exception {
    String body = client.send(HttpRequest.newBuilder(URI.create(url + "/models/product-classifier/drift")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return new JsonObject(body).getJsonObject("models").getJsonObject("product-classifier");
  }

  /** A shifted record the schema refuses (e.g. a title left with only punctuation) would get a 422: skipped. */
  static void build(dev.verdict.features.FeaturePipeline pipeline, String stream, int n,
                    List<Map<String, Object>> bodies, List<String> labels) throws Exception {
    FeatureSpec spec = pipeline.spec();
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<Integer> idx = new ArrayList<>(data.indicesOf("holdout"));
    Random rnd = new Random(stream.hashCode() * 31L + 7);
    Collections.shuffle(idx, rnd);
    List<Map<String, Object>> hold = new ArrayList<>();
    List<String> y = new ArrayList<>();
    for (int i : idx) {
      Map<String, Object> r = new LinkedHashMap<>(data.records().get(i));
      r.remove("category");
      r.remove("split");
      hold.add(r);
      y.add(data.labels().get(i));
    }
    for (int i = 0; i < n; i++) {
      int j = i % hold.size();
      Map<String, Object> r = hold.get(j);
      String label = y.get(j);
      switch (stream) {
        case "holdout" -> { }
        case "hot-item" -> {
          r = hold.get(0);
          label = y.get(0);
        }
        case "hot-mix-70-30" -> {
          if (rnd.nextDouble() < 0.7) {
            r = hold.get(0);
            label = y.get(0);
          } else {
            j = rnd.nextInt(hold.size());
            r = hold.get(j);
            label = y.get(j);
          }
        }
        case "words-dropped-60" -> r = Shifts.dropWords(spec, r, rnd, 0.6);
        case "words-dropped-80" -> r = Shifts.dropWords(spec, r, rnd, 0.8);
        case "typos-10" -> r = Shifts.typos(spec, r, rnd, 0.10);
        case "price-x10", "price-x1000" -> {
          r = new LinkedHashMap<>(r);
          r.put("price", ((Number) r.get("price")).doubleValue() * (stream.endsWith("x10") ? 10 : 1000));
        }
        case "no-brand" -> {
          r = new LinkedHashMap<>(r);
          r.remove("brand");
        }
        case "out-of-domain" -> {
          StringBuilder t = new StringBuilder();
          for (int w = 0; w < 5; w++) {
            t.append(w == 0 ? "" : " ").append(VIDEO[rnd.nextInt(VIDEO.length)]);
          }
          r = new LinkedHashMap<>();
          r.put("title", t.toString());
          r.put("brand", "Stream" + rnd.nextInt(500));
          r.put("price", 20_000 + rnd.nextInt(40_000));
          label = null;
        }
        default -> throw new IllegalArgumentException("unknown stream: " + stream);
      }
      if (!pipeline.validate(r).isEmpty()) {
        continue;
      }
      bodies.add(r);
      if (label != null) {
        labels.add(label);
      }
    }
  }
}
