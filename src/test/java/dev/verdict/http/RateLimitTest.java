package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-client rate limiting: each API key has its own budget; beyond it 429 + Retry-After, then it refills. */
class RateLimitTest {
  private static HttpResponse<String> predict(VerdictServer s, String key) throws Exception {
    return s.postWith("/predict", new JsonObject(TestModels.iphone()).encode(), "X-API-Key", key);
  }

  @Test
  void eachClientGetsItsOwnBudgetAndExcessGets429WithRetryAfter() throws Exception {
    // 5 per second with a burst of 20: the warm-up's requests (no key, loopback address) use the "ip" budget.
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("rate_limit_per_s", 5)
        .put("rate_limit_burst", 20)))) {
      int ok = 0;
      int limited = 0;
      HttpResponse<String> refused = null;
      for (int i = 0; i < 30; i++) {
        HttpResponse<String> r = predict(s, "team-a");
        if (r.statusCode() == 200) {
          ok++;
        } else {
          limited++;
          refused = r;
        }
      }
      // a 4 s refresh period: within the loop's few hundred ms only the burst of 20 is granted
      assertThat(ok).isEqualTo(20);
      assertThat(limited).isEqualTo(10);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");
      assertThat(new JsonObject(refused.body()).getString("error")).contains("rate limit");
      // another key is not affected by team-a's excess
      assertThat(predict(s, "team-b").statusCode()).isEqualTo(200);
      assertThat(s.get("/health").statusCode()).as("only scoring routes are limited").isEqualTo(200);
      assertThat(s.get("/metrics").body()).contains("code=\"rate_limited\"");
    }
  }

  @Test
  void connectionsBeyondThePerClientLimitGetA429AndAreClosed() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("max_connections_per_client", 3)))) {
      java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
      try {
        // three keep-alive connections, each used once and left open (the warm-up client may hold one more)
        java.util.List<Integer> first = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          java.net.Socket k = new java.net.Socket("127.0.0.1", s.port);
          k.setSoTimeout(10_000);
          held.add(k);
          k.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          String status = new java.io.BufferedReader(new java.io.InputStreamReader(k.getInputStream(),
              java.nio.charset.StandardCharsets.US_ASCII)).readLine();
          first.add(Integer.parseInt(status.split(" ")[1]));
        }
        assertThat(first.get(0)).isEqualTo(200);
        byte[] body = new JsonObject(TestModels.iphone()).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HostileInputTest.Answer fourth = HostileInputTest.send(s.port, "POST", "/predict", "application/json", body);
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(new JsonObject(fourth.body()).getString("error")).contains("too many open connections");
      } finally {
        for (java.net.Socket k : held) {
          k.close();
        }
      }
      Thread.sleep(200);
      // once the held connections close, the client is welcome again
      assertThat(s.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
    }
  }
}
