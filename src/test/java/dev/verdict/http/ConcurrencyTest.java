package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.SharedServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 200 requests in flight at once, each answered, each with its own answer. */
@ExtendWith(VertxExtension.class)
class ConcurrencyTest extends SharedServer {
  @Test
  void twoHundredConcurrentRequestsAreAllAnswered(io.vertx.core.Vertx clientVertx, VertxTestContext ctx)
      throws Exception {
    HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.port), new PoolOptions().setHttp1MaxSize(200));
    Checkpoint answered = ctx.checkpoint(200);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    String[] titles = {"Xerox 1967", "Bush Somerset Collection Bookcase", "Apple iPhone 15 Pro Max",
        "Avery Non-Stick Binders", "Hon Deluxe Fabric Upholstered Stacking Chairs"};
    String[] expected = {"Office Supplies/Paper", "Furniture/Bookcases", "Technology/Phones",
        "Office Supplies/Binders", "Furniture/Chairs"};
    for (int i = 0; i < 200; i++) {
      int k = i % titles.length;
      String id = "req-" + i;
      client.request(HttpMethod.POST, "/predict")
          .compose(req -> req.putHeader("Content-Type", "application/json").putHeader("X-Request-Id", id)
              .send(Buffer.buffer(new JsonObject().put("title", titles[k]).encode()))
              .compose(resp -> resp.body().map(b -> {
                ctx.verify(() -> {
                  assertThat(resp.statusCode()).isEqualTo(200);
                  assertThat(resp.getHeader("X-Request-Id")).isEqualTo(id);
                  assertThat(new JsonObject(b).getString("category")).isEqualTo(expected[k]);
                });
                return b;
              })))
          .onComplete(ctx.succeeding(b -> {
            ids.add(id);
            answered.flag();
          }));
    }
    assertThat(ctx.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
    // Closing it here also keeps the client reachable until every answer is in: Vert.x closes a client that
    // nothing references, and the requests above do not hold it.
    client.close().await(10, TimeUnit.SECONDS);
    if (ctx.failed()) {
      throw new AssertionError(ctx.causeOfFailure());
    }
    assertThat(ids).hasSize(200);
  }
}
