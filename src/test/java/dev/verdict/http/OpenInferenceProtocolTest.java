package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.SharedServer;
import dev.verdict.TestModels;
import dev.verdict.model.LightGbmScorer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open Inference Protocol (KServe V2) REST: server, model metadata and readiness, tensor inference. */
class OpenInferenceProtocolTest extends SharedServer {
  @Test
  void serverAndModelEndpoints() throws Exception {
    assertThat(new JsonObject(server.get("/v2").body()).getString("name")).isEqualTo("verdict");
    assertThat(new JsonObject(server.get("/v2/health/live").body()).getBoolean("live")).isTrue();
    assertThat(new JsonObject(server.get("/v2/health/ready").body()).getBoolean("ready")).isTrue();
    JsonObject meta = new JsonObject(server.get("/v2/models/penguins").body());
    assertThat(meta.getJsonArray("versions").getList()).containsExactly("1");
    assertThat(meta.getJsonArray("inputs").getJsonObject(0).getJsonArray("shape").getList()).containsExactly(-1, 4);
    assertThat(new JsonObject(server.get("/v2/models/penguins/versions/1/ready").body()).getBoolean("ready")).isTrue();
    assertThat(server.get("/v2/models/penguins/versions/9").statusCode()).isEqualTo(404);
    assertThat(server.get("/v2/models/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void numericTensorInference() throws Exception {
    JsonObject req = new JsonObject().put("id", "r-1").put("inputs", new JsonArray().add(new JsonObject()
        .put("name", "features").put("datatype", "FP32").put("shape", new JsonArray().add(2).add(4))
        .put("data", new JsonArray().add(39.1).add(18.7).add(181).add(3750).add(47.5).add(15.0).add(218).add(4950))));
    HttpResponse<String> r = server.postJson("/v2/models/penguins/versions/1/infer", req.encode());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("id")).isEqualTo("r-1");
    assertThat(body.getString("model_version")).isEqualTo("1");
    JsonObject predict = body.getJsonArray("outputs").getJsonObject(0);
    assertThat(predict.getJsonArray("data").getList()).containsExactly("Adelie", "Gentoo");
    JsonObject proba = body.getJsonArray("outputs").getJsonObject(1);
    assertThat(proba.getJsonArray("shape").getList()).containsExactly(2, 3);
    try (LightGbmScorer s = TestModels.penguins().openScorer()) {
      double[] p = s.predict(TestModels.penguins().pipeline().encodePositional(List.of(39.1, 18.7, 181, 3750)));
      for (int k = 0; k < 3; k++) {
        assertThat(proba.getJsonArray("data").getDouble(k)).isCloseTo(p[k], within(1e-12));
      }
    }
  }

  @Test
  void productFieldsAsBytesAndNumberTensors() throws Exception {
    JsonObject req = new JsonObject().put("inputs", new JsonArray()
        .add(new JsonObject().put("name", "title").put("datatype", "BYTES").put("shape", new JsonArray().add(2))
            .put("data", new JsonArray().add("Bush Somerset Collection Bookcase").add("Xerox 1967")))
        .add(new JsonObject().put("name", "price").put("datatype", "FP64").put("shape", new JsonArray().add(2))
            .put("data", new JsonArray().add(261.96).add(6.48))));
    JsonObject body = new JsonObject(server.postJson("/v2/models/product-classifier/infer", req.encode()).body());
    assertThat(body.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getList())
        .containsExactly("Furniture/Bookcases", "Office Supplies/Paper");
  }

  @Test
  void badTensorsAreClearErrors() throws Exception {
    HttpResponse<String> shape = server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(new JsonObject().put("name", "features").put("datatype", "FP32")
            .put("shape", new JsonArray().add(1).add(3)).put("data", new JsonArray().add(1).add(2).add(3)))).encode());
    assertThat(shape.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(shape.body()).getString("error")).contains("shape [N, 4]");
    assertThat(server.postJson("/v2/models/penguins/infer", "{").statusCode()).isEqualTo(400);
    HttpResponse<String> empty = server.postJson("/v2/models/product-classifier/infer", new JsonObject().put("inputs",
        new JsonArray().add(new JsonObject().put("name", "title").put("datatype", "BYTES")
            .put("shape", new JsonArray().add(1)).put("data", new JsonArray().add("")))).encode());
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(empty.body()).getString("error")).isNotBlank();
  }

  private static final double[] TWO_PENGUINS = {39.1, 18.7, 181, 3750, 47.5, 15.0, 218, 4950};

  private static JsonObject tensor(String name, String type, JsonArray shape) {
    return new JsonObject().put("name", name).put("datatype", type).put("shape", shape);
  }

  @Test
  void aSingleTensorModelTakesItsTensorUnderAnyName() throws Exception {
    JsonArray data = new JsonArray();
    for (double d : TWO_PENGUINS) {
      data.add(d);
    }
    JsonObject canonical = new JsonObject(server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(tensor("features", "FP32", new JsonArray().add(2).add(4)).put("data", data))).encode()).body());
    HttpResponse<String> generic = server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(tensor("input-0", "FP32", new JsonArray().add(2).add(4)).put("data", data))).encode());
    assertThat(generic.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(generic.body()).getJsonArray("outputs")).isEqualTo(canonical.getJsonArray("outputs"));
    assertThat(canonical.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getList())
        .containsExactly("Adelie", "Gentoo");
    // the metadata still advertises the canonical name
    assertThat(new JsonObject(server.get("/v2/models/penguins").body()).getJsonArray("inputs").getJsonObject(0)
        .getString("name")).isEqualTo("features");
    // the alias is for the whole-row tensor only: a wrong shape under it still says what is expected
    HttpResponse<String> narrow = server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(tensor("input-0", "FP32", new JsonArray().add(2).add(3)).put("data",
            new JsonArray().add(1).add(2).add(3).add(4).add(5).add(6)))).encode());
    assertThat(narrow.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(narrow.body()).getString("error")).contains("input-0").contains("[N, 4]");
  }

  @Test
  void perFieldTensorsKeepStrictNames() throws Exception {
    HttpResponse<String> r = server.postJson("/v2/models/product-classifier/infer", new JsonObject().put("inputs",
        new JsonArray().add(tensor("input-0", "BYTES", new JsonArray().add(1)).put("data", new JsonArray().add("Xerox 1967")))).encode());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).contains("not an input of model product-classifier")
        .contains("title");
    HttpResponse<String> penguinField = server.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs",
        new JsonArray().add(tensor("bill_length", "FP32", new JsonArray().add(1)).put("data", new JsonArray().add(39.1)))
            .add(tensor("body_mass_g", "FP32", new JsonArray().add(1)).put("data", new JsonArray().add(3750)))).encode());
    assertThat(penguinField.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(penguinField.body()).getString("error")).contains("bill_length: not an input");
  }

  @Test
  void binaryTensorsInAndOut() throws Exception {
    assertThat(new JsonObject(server.get("/v2").body()).getJsonArray("extensions").getList())
        .contains("binary_tensor_data");
    OipBinary.Body req = OipBinary.body(new JsonObject().put("inputs", new JsonArray().add(
        tensor("input-0", "FP32", new JsonArray().add(2).add(4))
            .put("parameters", new JsonObject().put("binary_data_size", 32)))), List.of(OipBinary.fp32(TWO_PENGUINS)));
    HttpResponse<byte[]> json = server.postBytes("/v2/models/penguins/infer", req.bytes(),
        java.util.Map.of("Inference-Header-Content-Length", String.valueOf(req.headerLength()),
            "Content-Type", "application/octet-stream"));
    assertThat(json.statusCode()).isEqualTo(200);
    JsonObject plain = new JsonObject(new String(json.body(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(plain.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getList())
        .containsExactly("Adelie", "Gentoo");
    double[] expected = new double[6];
    try (LightGbmScorer s = TestModels.penguins().openScorer()) {
      for (int row = 0; row < 2; row++) {
        // the binary tensor is FP32: the model sees the float values, not the decimal ones
        List<Object> f = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
          f.add((double) (float) TWO_PENGUINS[row * 4 + c]);
        }
        System.arraycopy(s.predict(TestModels.penguins().pipeline().encodePositional(f)), 0, expected, row * 3, 3);
      }
    }
    for (int i = 0; i < 6; i++) {
      assertThat(plain.getJsonArray("outputs").getJsonObject(1).getJsonArray("data").getDouble(i)).isEqualTo(expected[i]);
    }

    // binary outputs: predict_proba only, as 8-byte little-endian doubles after the header
    OipBinary.Body asked = OipBinary.body(new JsonObject().put("inputs", new JsonArray().add(
            tensor("features", "FP32", new JsonArray().add(2).add(4))
                .put("parameters", new JsonObject().put("binary_data_size", 32))))
        .put("outputs", new JsonArray().add(new JsonObject().put("name", "predict_proba")
            .put("parameters", new JsonObject().put("binary_data", true)))), List.of(OipBinary.fp32(TWO_PENGUINS)));
    HttpResponse<byte[]> bin = server.postBytes("/v2/models/penguins/infer", asked.bytes(),
        java.util.Map.of("Inference-Header-Content-Length", String.valueOf(asked.headerLength())));
    assertThat(bin.statusCode()).isEqualTo(200);
    assertThat(bin.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    int len = Integer.parseInt(bin.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    JsonObject head = OipBinary.header(bin.body(), len);
    assertThat(head.getJsonArray("outputs")).hasSize(1);
    JsonObject proba = head.getJsonArray("outputs").getJsonObject(0);
    assertThat(proba.getString("name")).isEqualTo("predict_proba");
    assertThat(proba.containsKey("data")).isFalse();
    assertThat(proba.getJsonObject("parameters").getInteger("binary_data_size")).isEqualTo(48);
    assertThat(bin.body().length).isEqualTo(len + 48);
    java.nio.ByteBuffer rest = java.nio.ByteBuffer.wrap(bin.body(), len, 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      assertThat(rest.getDouble()).isEqualTo(expected[i]);
    }
  }

  @Test
  void binaryBytesTensorsForTheProductModel() throws Exception {
    byte[] titles = OipBinary.bytes("Bush Somerset Collection Bookcase", "Xerox 1967");
    OipBinary.Body req = OipBinary.body(new JsonObject().put("inputs", new JsonArray()
            .add(tensor("title", "BYTES", new JsonArray().add(2))
                .put("parameters", new JsonObject().put("binary_data_size", titles.length)))
            .add(tensor("price", "FP64", new JsonArray().add(2))
                .put("parameters", new JsonObject().put("binary_data_size", 16))))
        .put("parameters", new JsonObject().put("binary_data_output", true)), List.of(titles, OipBinary.fp64(261.96, 6.48)));
    HttpResponse<byte[]> r = server.postBytes("/v2/models/product-classifier/infer", req.bytes(),
        java.util.Map.of("Inference-Header-Content-Length", String.valueOf(req.headerLength())));
    assertThat(r.statusCode()).isEqualTo(200);
    int len = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    JsonObject head = OipBinary.header(r.body(), len);
    int labelsSize = head.getJsonArray("outputs").getJsonObject(0).getJsonObject("parameters").getInteger("binary_data_size");
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r.body(), len, labelsSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    List<String> labels = new java.util.ArrayList<>();
    while (b.hasRemaining()) {
      byte[] s = new byte[b.getInt()];
      b.get(s);
      labels.add(new String(s, java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(labels).containsExactly("Furniture/Bookcases", "Office Supplies/Paper");
    assertThat(r.body().length).isEqualTo(len + labelsSize + 2 * 17 * 8);
  }

  @Test
  void malformedBinaryBodiesAre400sThatSayWhy() throws Exception {
    JsonObject header = new JsonObject().put("inputs", new JsonArray().add(tensor("features", "FP32",
        new JsonArray().add(2).add(4)).put("parameters", new JsonObject().put("binary_data_size", 32))));
    OipBinary.Body good = OipBinary.body(header, List.of(OipBinary.fp32(TWO_PENGUINS)));
    record Case(String what, byte[] body, String headerLength, String says) {
    }
    byte[] truncated = java.util.Arrays.copyOf(good.bytes(), good.bytes().length - 5);
    byte[] trailing = java.util.Arrays.copyOf(good.bytes(), good.bytes().length + 3);
    OipBinary.Body misSized = OipBinary.body(header.copy().put("inputs", new JsonArray().add(tensor("features", "FP32",
        new JsonArray().add(2).add(4)).put("parameters", new JsonObject().put("binary_data_size", 28)))),
        List.of(java.util.Arrays.copyOf(OipBinary.fp32(TWO_PENGUINS), 28)));
    OipBinary.Body fp16 = OipBinary.body(header.copy().put("inputs", new JsonArray().add(tensor("features", "FP16",
        new JsonArray().add(2).add(4)).put("parameters", new JsonObject().put("binary_data_size", 16)))),
        List.of(new byte[16]));
    byte[] badBytes = new byte[] {(byte) 0xff, (byte) 0xff, 0, 0, 'x'};
    OipBinary.Body bytesOverrun = OipBinary.body(new JsonObject().put("inputs", new JsonArray().add(tensor("title",
        "BYTES", new JsonArray().add(1)).put("parameters", new JsonObject().put("binary_data_size", badBytes.length)))),
        List.of(badBytes));
    List<Case> cases = List.of(
        new Case("truncated", truncated, String.valueOf(good.headerLength()), "runs past the end"),
        new Case("trailing bytes", trailing, String.valueOf(good.headerLength()), "do not add up"),
        new Case("size off the shape", misSized.bytes(), String.valueOf(misSized.headerLength()), "need 32"),
        new Case("FP16", fp16.bytes(), String.valueOf(fp16.headerLength()), "FP16"),
        new Case("BYTES length past its tensor", bytesOverrun.bytes(), String.valueOf(bytesOverrun.headerLength()),
            "runs past"),
        new Case("header longer than the body", good.bytes(), String.valueOf(good.bytes().length + 10), "holds"),
        new Case("header length not a number", good.bytes(), "abc", "byte count"),
        new Case("header cut inside the JSON", good.bytes(), String.valueOf(good.headerLength() - 3), "not a JSON"));
    for (Case c : cases) {
      HttpResponse<byte[]> r = server.postBytes("/v2/models/penguins/infer", c.body(),
          java.util.Map.of("Inference-Header-Content-Length", c.headerLength()));
      assertThat(r.statusCode()).as(c.what()).isEqualTo(400);
      assertThat(new JsonObject(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).getString("error"))
          .as(c.what()).contains(c.says());
    }
    // over the body limit: refused before it is buffered
    byte[] huge = new byte[2 << 20];
    System.arraycopy(good.bytes(), 0, huge, 0, good.bytes().length);
    assertThat(server.postBytes("/v2/models/penguins/infer", huge, java.util.Map.of("Inference-Header-Content-Length",
        String.valueOf(good.headerLength()))).statusCode()).isEqualTo(413);
  }

  @Test
  void explainAddsAContributionsTensorInTheMetadatasFieldOrder() throws Exception {
    JsonObject meta = new JsonObject(server.get("/v2/models/penguins").body());
    JsonObject out = meta.getJsonArray("outputs").getJsonObject(2);
    assertThat(out.getString("name")).isEqualTo("contributions");
    List<Object> fields = out.getJsonObject("parameters").getJsonArray("fields").getList();
    assertThat(fields).containsExactly("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g");
    JsonArray data = new JsonArray();
    for (double d : TWO_PENGUINS) {
      data.add(d);
    }
    JsonObject req = new JsonObject().put("parameters", new JsonObject().put("explain", true)).put("inputs",
        new JsonArray().add(tensor("input-0", "FP64", new JsonArray().add(2).add(4)).put("data", data)));
    JsonObject body = new JsonObject(server.postJson("/v2/models/penguins/infer", req.encode()).body());
    JsonObject c = body.getJsonArray("outputs").getJsonObject(2);
    assertThat(c.getString("name")).isEqualTo("contributions");
    assertThat(c.getJsonArray("shape").getList()).containsExactly(2, 4);
    // the same numbers as the REST explanation of the first penguin
    JsonObject rest = new JsonObject(server.postJson("/models/penguins/predict?explain=true",
        "{\"features\": [39.1, 18.7, 181, 3750]}").body()).getJsonObject("explanation").getJsonObject("contributions");
    for (int i = 0; i < 4; i++) {
      assertThat(c.getJsonArray("data").getDouble(i)).isEqualTo(rest.getDouble((String) fields.get(i)));
    }
    // asking for it without explain is a clear 400
    HttpResponse<String> bad = server.postJson("/v2/models/penguins/infer", req.copy().put("parameters", new JsonObject())
        .put("outputs", new JsonArray().add(new JsonObject().put("name", "contributions"))).encode());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("explain");
  }
}
