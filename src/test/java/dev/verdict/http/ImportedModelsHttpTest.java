package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.VerdictServer;
import dev.verdict.model.PythonModels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five Python models, each a lone model.txt, served over REST (named fields and positional) and the Open
 * Inference Protocol (JSON and binary tensors): every answer within 1e-9 of Python's on all 50 rows.
 */
class ImportedModelsHttpTest {
  @TempDir
  static Path tmp;
  static VerdictServer server;

  @BeforeAll
  static void start() throws Exception {
    PythonModels.modelsDir(tmp);
    // a version whose model.txt was replaced after its manifest was written: refused at load
    java.nio.file.Path broken = java.nio.file.Files.createDirectories(tmp.resolve("replaced/1"));
    java.nio.file.Files.copy(PythonModels.SOURCE.resolve("iris/model.txt"), broken.resolve("model.txt"));
    java.nio.file.Files.writeString(broken.resolve("manifest.json"), dev.verdict.model.DerivedManifest.of("replaced", "1",
        dev.verdict.model.ModelFile.read(PythonModels.SOURCE.resolve("iris/model.txt")), null)
        .put("model_sha256", "0".repeat(64)).encode());
    server = VerdictServer.start(Map.of("models_dir", tmp.toString(), "default_model", "iris"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void restNamedAndPositionalMatchPython() throws Exception {
    for (String name : PythonModels.NAMES) {
      List<PythonModels.Row> rows = PythonModels.rows(name);
      JsonArray named = new JsonArray();
      JsonArray positional = new JsonArray();
      rows.forEach(r -> {
        named.add(r.record());
        positional.add(new JsonObject().put("features", new JsonArray(r.features())));
      });
      for (JsonArray body : List.of(named, positional)) {
        HttpResponse<String> resp = server.postJson("/models/" + name + "/predict/batch", body.encode());
        assertThat(resp.statusCode()).as(name + ": " + resp.body()).isEqualTo(200);
        JsonArray answers = new JsonObject(resp.body()).getJsonArray("predictions");
        for (int i = 0; i < rows.size(); i++) {
          double[] want = rows.get(i).output();
          JsonObject a = answers.getJsonObject(i);
          switch (name) {
            case "diabetes", "missing-values" -> {
              assertThat(a.getDouble("prediction")).isCloseTo(want[0], within(1e-9));
              assertThat(a.containsKey("probabilities")).isFalse();
            }
            case "iris" -> {
              for (int k = 0; k < 3; k++) {
                assertThat(a.getJsonObject("probabilities").getDouble(String.valueOf(k))).isCloseTo(want[k], within(1e-9));
              }
            }
            default -> {
              assertThat(a.getJsonObject("probabilities").getDouble("1")).isCloseTo(want[0], within(1e-9));
              assertThat(a.getString("prediction")).isEqualTo(want[0] >= 0.5 ? "1" : "0");
            }
          }
        }
      }
    }
  }

  @Test
  void oipJsonAndBinaryTensorsMatchPython() throws Exception {
    for (String name : PythonModels.NAMES) {
      List<PythonModels.Row> rows = PythonModels.rows(name);
      JsonObject meta = new JsonObject(server.get("/v2/models/" + name).body());
      JsonArray fields = new JsonArray();
      meta.getJsonArray("inputs").stream().map(JsonObject.class::cast)
          .filter(in -> !"features".equals(in.getString("name"))).forEach(in -> fields.add(in.getString("name")));
      int n = rows.size();
      JsonArray inputs = new JsonArray();
      List<byte[]> tensors = new ArrayList<>();
      JsonArray binInputs = new JsonArray();
      for (int f = 0; f < fields.size(); f++) {
        boolean strings = rows.get(0).features().get(f) instanceof String;
        JsonArray data = new JsonArray();
        ByteBuffer fp = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        List<String> text = new ArrayList<>();
        for (PythonModels.Row r : rows) {
          Object v = r.features().get(f);
          data.add(v);
          if (strings) {
            text.add((String) v);
          } else {
            fp.putDouble(v == null ? Double.NaN : ((Number) v).doubleValue());
          }
        }
        String type = strings ? "BYTES" : "FP64";
        inputs.add(new JsonObject().put("name", fields.getString(f)).put("datatype", type)
            .put("shape", new JsonArray().add(n)).put("data", data));
        byte[] bytes = strings ? OipBinary.bytes(text.toArray(String[]::new)) : fp.array();
        tensors.add(bytes);
        binInputs.add(new JsonObject().put("name", fields.getString(f)).put("datatype", type)
            .put("shape", new JsonArray().add(n)).put("parameters", new JsonObject().put("binary_data_size", bytes.length)));
      }
      HttpResponse<String> json = server.postJson("/v2/models/" + name + "/infer", new JsonObject().put("inputs", inputs).encode());
      assertThat(json.statusCode()).as(name + ": " + json.body()).isEqualTo(200);
      check(name, rows, new JsonObject(json.body()).getJsonArray("outputs"));

      OipBinary.Body body = OipBinary.body(new JsonObject().put("inputs", binInputs), tensors);
      HttpResponse<byte[]> bin = server.postBytes("/v2/models/" + name + "/infer", body.bytes(),
          Map.of("Inference-Header-Content-Length", String.valueOf(body.headerLength()),
              "Content-Type", "application/octet-stream"));
      assertThat(bin.statusCode()).as(name + ": " + new String(bin.body())).isEqualTo(200);
      check(name, rows, new JsonObject(new String(bin.body())).getJsonArray("outputs"));
    }
  }

  private static void check(String name, List<PythonModels.Row> rows, JsonArray outputs) {
    JsonObject predict = outputs.getJsonObject(0);
    if (name.equals("diabetes") || name.equals("missing-values")) {
      assertThat(outputs).hasSize(1);
      assertThat(predict.getString("datatype")).isEqualTo("FP64");
      for (int i = 0; i < rows.size(); i++) {
        assertThat(predict.getJsonArray("data").getDouble(i)).isCloseTo(rows.get(i).output()[0], within(1e-9));
      }
      return;
    }
    JsonObject proba = outputs.getJsonObject(1);
    int k = proba.getJsonArray("shape").getInteger(1);
    for (int i = 0; i < rows.size(); i++) {
      double[] want = rows.get(i).output();
      if (k == 2) {
        assertThat(proba.getJsonArray("data").getDouble(i * 2 + 1)).isCloseTo(want[0], within(1e-9));
      } else {
        for (int c = 0; c < k; c++) {
          assertThat(proba.getJsonArray("data").getDouble(i * k + c)).isCloseTo(want[c], within(1e-9));
        }
      }
    }
  }

  @Test
  void rawScoresAndExplanationsForEveryObjective() throws Exception {
    for (String name : PythonModels.NAMES) {
      PythonModels.Row row = PythonModels.rows(name).get(7);
      JsonObject a = new JsonObject(server.postJson("/models/" + name + "/predict?output=raw&explain=true",
          row.record().encode()).body());
      JsonArray raw = a.getJsonArray("raw");
      assertThat(raw).as(name + " " + a.encode()).hasSize(row.raw().length);
      for (int k = 0; k < raw.size(); k++) {
        assertThat(raw.getDouble(k)).isCloseTo(row.raw()[k], within(1e-9));
      }
      // TreeSHAP: the bias and the terms add up to the explained score
      JsonObject e = a.getJsonObject("explanation");
      double sum = e.getDouble("bias");
      for (String f : e.getJsonObject("contributions").fieldNames()) {
        sum += e.getJsonObject("contributions").getDouble(f);
      }
      double want = switch (name) {
        case "diabetes", "missing-values" -> row.raw()[0];
        case "iris" -> row.raw()[Integer.parseInt(a.getString("prediction"))];
        default -> "1".equals(a.getString("prediction")) ? row.raw()[0] : -row.raw()[0];
      };
      assertThat(sum).as(name + " " + e.encode()).isCloseTo(want, within(1e-9));
    }
  }

  @Test
  void withoutABaselineSupportComesFromTheModelFileAndDriftSaysSo() throws Exception {
    JsonObject purple = new JsonObject(server.postJson("/models/pandas-categorical/predict",
        "{\"color\": \"purple\", \"size\": \"S\", \"weight\": 9.5}").body());
    assertThat(purple.getJsonObject("support").getJsonArray("conditions").getList()).containsExactly("unseen-category");
    assertThat(purple.getJsonObject("support").getJsonArray("unseen_categories").getList()).containsExactly("color");
    JsonObject red = new JsonObject(server.postJson("/models/pandas-categorical/predict",
        "{\"color\": \"red\", \"size\": \"S\", \"weight\": 9.5}").body());
    assertThat(red.getJsonObject("support").getBoolean("in_support")).isTrue();
    // weight trained in [0.177, 18.72]
    JsonObject heavy = new JsonObject(server.postJson("/models/pandas-categorical/predict",
        "{\"color\": \"red\", \"size\": \"S\", \"weight\": 30}").body());
    assertThat(heavy.getJsonObject("support").getJsonArray("out_of_range").getList()).containsExactly("weight");

    JsonObject drift = new JsonObject(server.get("/models/diabetes/drift").body());
    assertThat(drift.getJsonObject("models").getJsonObject("diabetes").getBoolean("monitored")).isFalse();
    assertThat(drift.getJsonObject("models").getJsonObject("diabetes").getString("reason")).startsWith("no baseline");
  }

  @Test
  void aVersionThatFailedToLoadAnswers503WithItsReason() throws Exception {
    for (String path : List.of("/models/replaced/predict", "/v2/models/replaced/infer")) {
      HttpResponse<String> r = server.postJson(path, "{}");
      assertThat(r.statusCode()).as(path).isEqualTo(503);
      assertThat(r.body()).contains("model replaced failed to load: model.txt was replaced");
    }
    assertThat(server.get("/models/replaced").statusCode()).isEqualTo(503);
    assertThat(server.postJson("/models/never-there/predict", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void refusalsNameTheField() throws Exception {
    HttpResponse<String> typo = server.postJson("/models/missing-values/predict", "{\"a\": 1, \"bb\": 2, \"c\": 3}");
    assertThat(typo.statusCode()).isEqualTo(422);
    assertThat(typo.body()).contains("\"field\":\"bb\"").contains("closest: b");
    HttpResponse<String> empty = server.postJson("/models/iris/predict", "{}");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("is empty");
    JsonObject meta = new JsonObject(server.get("/v2/models/diabetes").body());
    assertThat(meta.getJsonArray("outputs")).hasSize(2); // predict and the explanation tensor
    assertThat(meta.getJsonArray("outputs").getJsonObject(0).getString("datatype")).isEqualTo("FP64");
    assertThat(meta.getJsonObject("parameters").getJsonObject("objective").getString("kind")).isEqualTo("regression");
  }
}
