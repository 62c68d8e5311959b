package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verdict.VerdictServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files, CORS (off unless configured), header-size limit. */
class TransportOptionsTest {

  @Test
  void tlsFromPemFiles(@TempDir Path tmp) throws Exception {
    Path cert = tmp.resolve("cert.pem");
    Path key = tmp.resolve("key.pem");
    dev.verdict.Tools.require("openssl", "openssl");
    Process p;
    try {
      p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
          "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      p = null;
    }
    assumeTrue(p != null && p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl not available");
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("tls_cert_pem", cert.toString())
        .put("tls_key_pem", key.toString())), dev.verdict.inference.InferenceHooks.NONE, true)) {
      Vertx client = Vertx.vertx();
      try {
        // Held in a local until the answer is in: Vert.x closes a client that nothing references ("Pool closed").
        io.vertx.core.http.HttpClient https = client.createHttpClient(new HttpClientOptions().setSsl(true)
            .setTrustAll(true).setVerifyHost(false));
        var resp = https.request(HttpMethod.POST, s.port, "127.0.0.1", "/predict")
            .compose(r -> r.putHeader("Content-Type", "application/json")
                .send(Buffer.buffer("{\"title\": \"Xerox 1967\"}")).compose(x -> x.body().map(b -> x.statusCode() + " " + b)))
            .await(30, TimeUnit.SECONDS);
        https.close().await(10, TimeUnit.SECONDS);
        assertThat(resp).startsWith("200 ").contains("Office Supplies/Paper");
      } finally {
        client.close().await(10, TimeUnit.SECONDS);
      }
      // the gRPC door speaks TLS (ALPN h2) with the same certificate
      io.grpc.ManagedChannel ch = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", s.grpcPort(),
          io.grpc.TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build()).build();
      try {
        assertThat(dev.verdict.grpc.v2.GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
            .serverLive(dev.verdict.grpc.v2.ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
      } finally {
        ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void corsIsOffByDefaultAndAllowsOnlyConfiguredOrigins() throws Exception {
    try (VerdictServer off = VerdictServer.start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(off.uri("/health"))
          .header("Origin", "https://app.example").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    try (VerdictServer on = VerdictServer.start(Map.of("http", new JsonObject().put("cors_origins", "https://app.example")))) {
      HttpRequest preflight = HttpRequest.newBuilder(on.uri("/predict")).header("Origin", "https://app.example")
          .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<String> r = HttpClient.newHttpClient().send(preflight, HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
      HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(on.uri("/health"))
          .header("Origin", "https://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void oversizedHeadersGetAJson431() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("max_header_bytes", 1024)))) {
      Answer a = raw(s.port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n");
      assertThat(a.head()).matches("(?s)HTTP/1\\.[01] 431 .*");
      assertThat(new JsonObject(a.body()).getString("error")).isEqualTo("request headers too large");
    }
  }

  record Answer(String head, String body) {
  }

  static Answer raw(int port, String request) throws Exception {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
      sock.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String resp = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int split = resp.indexOf("\r\n\r\n");
      return new Answer(resp.substring(0, split), resp.substring(split + 4));
    }
  }
}
