package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator of hostile requests over raw HTTP/1.1: malformed and truncated JSON, wrong types,
 * NaN/Infinity literals, huge numbers, deep nesting, invalid UTF-8, duplicate keys, unknown fields, empty and
 * oversized batches, wrong methods and content types. Every answer must be a 4xx JSON error or a prediction.
 */
class HostileInputTest {
  static final int REQUESTS = 10_000;
  static final Object[] VALUES = {null, true, false, 0, -1, 1.5, 1e308, -1e308, "", " ", "x".repeat(3000),
      new JsonArray(), new JsonObject(), new JsonArray().add(1), new JsonObject().put("a", 1), "NaN", "\u0000",
      "日本語", 12345678901234567L};
  static final String[] FIELDS = {"title", "brand", "seller_id", "subcategory", "price", "rating", "reviews_count",
      "features", "extra"};
  static final String[] RAW = {"NaN", "{\"title\": NaN}", "{\"title\": \"a\", \"price\": Infinity}",
      "{\"price\": -Infinity, \"title\": \"x\"}", "{\"title\": \"x\", \"price\": 1e999}", "{\"title\":\"x\",\"title\":5}",
      "{\"title\": \"x\", \"price\": 123456789012345678901234567890}", "", "null", "[]", "{", "}", "\"x\"", "{\"title\":}",
      "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)};

  record Answer(int status, String contentType, String body) {
  }

  /** One raw request on a fresh connection; returns status, content type and body. */
  static Answer send(int port, String method, String path, String contentType, byte[] body) throws Exception {
    return send(port, method, path, contentType, body, "");
  }

  static Answer send(int port, String method, String path, String contentType, byte[] body, String extraHeaders)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(15_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + extraHeaders);
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(resp.substring(9, 12));
      String lower = resp.toLowerCase();
      int ct = lower.indexOf("content-type:");
      String type = ct < 0 ? "" : lower.substring(ct + 13, lower.indexOf('\r', ct)).trim();
      return new Answer(status, type, resp.substring(resp.indexOf("\r\n\r\n") + 4));
    }
  }

  @Test
  void hostileRequestsGetClearErrorsAndNeverA5xx() throws Exception {
    Random rnd = new Random(20261124);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    try (VerdictServer s = VerdictServer.start()) {
      for (int i = 0; i < REQUESTS; i++) {
        String path = new String[] {"/predict", "/predict/batch", "/models/penguins/predict"}[rnd.nextInt(3)];
        String method = "POST";
        String type = "application/json";
        byte[] body;
        double k = rnd.nextDouble();
        if (k < 0.4) {
          JsonObject o = new JsonObject();
          for (String f : FIELDS) {
            if (rnd.nextBoolean()) {
              o.put(f, VALUES[rnd.nextInt(VALUES.length)]);
            }
          }
          body = o.encode().getBytes(StandardCharsets.UTF_8);
        } else if (k < 0.55) {
          byte[] good = "{\"title\": \"Avery binder\", \"price\": 3.5}".getBytes(StandardCharsets.UTF_8);
          body = java.util.Arrays.copyOf(good, rnd.nextInt(good.length));
        } else if (k < 0.7) {
          body = RAW[rnd.nextInt(RAW.length)].getBytes(StandardCharsets.UTF_8);
        } else if (k < 0.8) {
          JsonArray batch = new JsonArray();
          for (int n = rnd.nextInt(130); n > 0; n--) {
            batch.add(new JsonObject().put("title", VALUES[rnd.nextInt(VALUES.length)]));
          }
          path = "/predict/batch";
          body = batch.encode().getBytes(StandardCharsets.UTF_8);
        } else if (k < 0.85) {
          body = new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        } else if (k < 0.9) {
          type = new String[] {"text/plain", "application/xml", null, "multipart/form-data", "application/json; charset=x"}[rnd.nextInt(5)];
          body = "{\"title\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        } else if (k < 0.95) {
          method = new String[] {"GET", "PUT", "DELETE", "PATCH"}[rnd.nextInt(4)];
          body = new byte[0];
        } else {
          body = new byte[rnd.nextInt(400)];
          rnd.nextBytes(body);
        }
        if (i % 2000 == 1999) {
          // a 10 MB string: refused by the body limit, never buffered whole
          body = ("{\"title\": \"" + "x".repeat(10 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        Answer a = send(s.port, method, path, type, body);
        if (i % 1000 == 999) {
          // after every burst of 1,000 the service still answers a normal request
          assertThat(s.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
        }
        statuses.merge(a.status(), 1, Integer::sum);
        if (a.status() >= 500 || !(a.status() == 200 || a.status() >= 400 && a.status() < 500)) {
          problems.add(a.status() + " for " + method + " " + path + ": " + a.body());
        } else if (!a.contentType().startsWith("application/json")) {
          problems.add("non-JSON " + a.status() + " for " + method + " " + path);
        } else {
          JsonObject j = new JsonObject(a.body());
          if (a.status() >= 400) {
            assertThat(j.getString("error")).isNotBlank();
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.verdict");
          }
        }
      }
      System.out.println("HostileInputTest: " + REQUESTS + " hostile requests, statuses " + statuses);
      assertThat(problems).as("statuses %s", statuses).isEmpty();
      assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
      assertThat(statuses).containsKey(413);
      assertThat(statuses).containsKeys(200, 400, 422);
      assertThat(s.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
      assertThat(s.eventLoopBlocks()).isEmpty();
    }
  }

  /**
   * The binary tensor extension, mutated from valid bodies: cut short, padded, header lengths that lie,
   * sizes that disagree with shape and datatype, BYTES lengths that overrun, random bytes. Every answer is a
   * JSON 4xx or a 200.
   */
  @Test
  void hostileBinaryTensorBodies() throws Exception {
    Random rnd = new Random(20261202);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    byte[] titles = OipBinary.bytes("Avery binder", "Xerox 1967", "日本語");
    JsonObject productHead = new JsonObject().put("inputs", new JsonArray()
        .add(new JsonObject().put("name", "title").put("datatype", "BYTES").put("shape", new JsonArray().add(3))
            .put("parameters", new JsonObject().put("binary_data_size", titles.length)))
        .add(new JsonObject().put("name", "price").put("datatype", "FP64").put("shape", new JsonArray().add(3))
            .put("parameters", new JsonObject().put("binary_data_size", 24))));
    OipBinary.Body product = OipBinary.body(productHead, List.of(titles, OipBinary.fp64(3.5, 6.48, 100)));
    OipBinary.Body penguins = OipBinary.body(new JsonObject().put("inputs", new JsonArray().add(new JsonObject()
        .put("name", "input-0").put("datatype", "FP32").put("shape", new JsonArray().add(1).add(4))
        .put("parameters", new JsonObject().put("binary_data_size", 16)))), List.of(OipBinary.fp32(39.1, 18.7, 181, 3750)));
    try (VerdictServer s = VerdictServer.start()) {
      for (int i = 0; i < 2000; i++) {
        boolean p = rnd.nextBoolean();
        OipBinary.Body base = p ? product : penguins;
        String path = p ? "/v2/models/product-classifier/infer" : "/v2/models/penguins/infer";
        byte[] body = base.bytes().clone();
        String len = String.valueOf(base.headerLength());
        switch (rnd.nextInt(7)) {
          case 0 -> body = java.util.Arrays.copyOf(body, rnd.nextInt(body.length));
          case 1 -> body = java.util.Arrays.copyOf(body, body.length + 1 + rnd.nextInt(64));
          case 2 -> len = String.valueOf(new int[] {-1, 0, 1, base.headerLength() - 1, base.headerLength() + 1,
              body.length, body.length + 1, Integer.MAX_VALUE}[rnd.nextInt(8)]);
          case 3 -> len = new String[] {"", "x", "1e3", " 12", "99999999999999"}[rnd.nextInt(5)];
          case 4 -> {
            // flip bytes in the tensor part: lengths, floats, UTF-8
            for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
              int at = base.headerLength() + rnd.nextInt(body.length - base.headerLength());
              body[at] = (byte) rnd.nextInt(256);
            }
          }
          case 5 -> {
            JsonObject h = new JsonObject(new String(body, 0, base.headerLength(), StandardCharsets.UTF_8));
            JsonObject in = h.getJsonArray("inputs").getJsonObject(0);
            switch (rnd.nextInt(4)) {
              case 0 -> in.getJsonObject("parameters").put("binary_data_size", VALUES[rnd.nextInt(VALUES.length)]);
              case 1 -> in.put("datatype", new String[] {"FP16", "BF16", "INT8", "BOOL", "", "STRING"}[rnd.nextInt(6)]);
              case 2 -> in.put("shape", VALUES[rnd.nextInt(VALUES.length)]);
              default -> in.put("data", new JsonArray().add(1));
            }
            OipBinary.Body mutated = OipBinary.body(h, List.of(java.util.Arrays.copyOfRange(body, base.headerLength(),
                body.length)));
            body = mutated.bytes();
            len = String.valueOf(mutated.headerLength());
          }
          default -> {
            body = new byte[rnd.nextInt(300)];
            rnd.nextBytes(body);
            len = String.valueOf(rnd.nextInt(body.length + 1));
          }
        }
        Answer a = send(s.port, "POST", path, "application/octet-stream", body, "Inference-Header-Content-Length: " + len
            + "\r\n");
        statuses.merge(a.status(), 1, Integer::sum);
        if (!(a.status() == 200 || a.status() >= 400 && a.status() < 500)) {
          problems.add(a.status() + " for " + path + ": " + a.body());
        } else if (a.status() >= 400) {
          if (!a.contentType().startsWith("application/json")) {
            problems.add("non-JSON " + a.status());
          } else {
            assertThat(new JsonObject(a.body()).getString("error")).isNotBlank();
            assertThat(a.body()).doesNotContain("Exception");
          }
        }
      }
      System.out.println("HostileInputTest (binary OIP): 2000 requests, statuses " + statuses);
      assertThat(problems).as("statuses %s", statuses).isEmpty();
      assertThat(statuses).containsKeys(200, 400);
      assertThat(s.postJson("/v2/models/penguins/infer", new JsonObject().put("inputs", new JsonArray().add(
          new JsonObject().put("name", "input-0").put("datatype", "FP32").put("shape", new JsonArray().add(1).add(4))
              .put("data", new JsonArray().add(39.1).add(18.7).add(181).add(3750)))).encode()).statusCode()).isEqualTo(200);
      assertThat(s.eventLoopBlocks()).isEmpty();
    }
  }
}
