package dev.verdict.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.Traffic;
import dev.verdict.VerdictServer;
import dev.verdict.app.VerdictConfig;
import dev.verdict.app.VerdictVertx;
import dev.verdict.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Two Verdict nodes and one client node, each its own clustered Vert.x (Hazelcast, TCP-IP on 127.0.0.1).
 * The client only speaks JSON on verdict.predict; the bus spreads its requests across both nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static final String MEMBERS = "127.0.0.1:5811,127.0.0.1:5812,127.0.0.1:5813";
  static final long SEND_TIMEOUT = 2000;
  static VerdictServer a;
  static VerdictServer b;
  static Vertx client;
  static List<JsonObject> products;

  static JsonObject cluster(int port) {
    return new JsonObject().put("enabled", true).put("name", "verdict-test-" + ProcessHandle.current().pid())
        .put("host", "127.0.0.1").put("hazelcast_port", port).put("members", MEMBERS);
  }

  @BeforeAll
  static void startCluster() throws Exception {
    a = VerdictServer.start(Map.of("cluster", cluster(5811)));
    b = VerdictServer.start(Map.of("cluster", cluster(5812)));
    client = VerdictVertx.start(VerdictConfig.fromJson(new JsonObject().put("cluster", cluster(5813))), 2000, false)
        .await(120, TimeUnit.SECONDS).vertx();
    products = Traffic.holdout(31);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().await(30, TimeUnit.SECONDS);
    a.close();
    if (b != null) {
      b.close();
    }
  }

  static Future<Message<JsonObject>> ask(JsonObject product) {
    return client.eventBus().request(Addresses.PREDICT, product, new DeliveryOptions().setSendTimeout(SEND_TIMEOUT));
  }

  /** Every value is a JSON type: no Java arrays, records or other objects ever cross the cluster. */
  static void assertJsonTypesOnly(Object v) {
    if (v instanceof JsonObject o) {
      o.forEach(e -> assertJsonTypesOnly(e.getValue()));
    } else if (v instanceof JsonArray arr) {
      arr.forEach(ClusterTest::assertJsonTypesOnly);
    } else {
      assertThat(v == null || v instanceof String || v instanceof Number || v instanceof Boolean)
          .as("JSON type expected, got %s", v == null ? null : v.getClass()).isTrue();
    }
  }

  @Test
  @Order(1)
  void bothNodesAnswerTheClientAndOnlyJsonCrossesTheCluster() throws Exception {
    Set<String> nodes = ConcurrentHashMap.newKeySet();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int i = 0;
    // subscriptions propagate through Hazelcast: keep asking until both nodes have answered
    while (nodes.size() < 2 && System.nanoTime() < deadline) {
      Message<JsonObject> m = ask(products.get(i++ % products.size())).await(10, TimeUnit.SECONDS);
      nodes.add(m.headers().get(Addresses.NODE_HEADER));
      assertJsonTypesOnly(m.body());
      assertThat(m.body().getString("category")).isNotBlank();
    }
    assertThat(nodes).hasSize(2).doesNotContain("local");
    List<Future<Message<JsonObject>>> burst = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      burst.add(ask(products.get(k)));
    }
    Map<String, Integer> perNode = new ConcurrentHashMap<>();
    for (Future<Message<JsonObject>> f : burst) {
      Message<JsonObject> m = f.await(10, TimeUnit.SECONDS);
      perNode.merge(m.headers().get(Addresses.NODE_HEADER), 1, Integer::sum);
    }
    assertThat(perNode).hasSize(2);
    assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
    // a batch travels as JSON too, and a bad record fails with a code, not a timeout
    Message<JsonObject> batch = client.eventBus().<JsonObject>request(Addresses.PREDICT_BATCH, new JsonObject()
        .put("records", new JsonArray().add(products.get(0)).add(products.get(1)))).await(10, TimeUnit.SECONDS);
    assertThat(batch.body().getJsonArray("predictions")).hasSize(2);
    assertJsonTypesOnly(batch.body());
    // the cluster drift view merges both nodes' windows (each node shares its report every 2 s)
    JsonObject view = new JsonObject(a.get("/drift?scope=cluster").body());
    for (int tries = 0; tries < 40 && view.getJsonObject("models").getJsonObject("product-classifier")
        .getLong("events") < 100; tries++) {
      Thread.sleep(250);
      view = new JsonObject(a.get("/drift?scope=cluster").body());
    }
    assertThat(view.getInteger("nodes")).isEqualTo(2);
    JsonObject pc = view.getJsonObject("models").getJsonObject("product-classifier");
    assertThat(pc.getJsonObject("nodes").fieldNames()).hasSize(2);
    assertThat(pc.getLong("events")).isGreaterThanOrEqualTo(100L);
    assertThat(pc.getString("state")).isEqualTo("ok");
    try {
      ask(new JsonObject().put("title", "")).await(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a 422 failure");
    } catch (ReplyException e) {
      assertThat(e.failureCode()).isEqualTo(422);
    }
  }

  @Test
  @Order(2)
  void killingANodeMidTrafficLosesNoRequestSilently() throws Exception {
    List<long[]> outcomes = Collections.synchronizedList(new ArrayList<>()); // {index, ok?1:0, millis}
    Set<String> afterKill = ConcurrentHashMap.newKeySet();
    int total = 400;
    List<Future<?>> all = new ArrayList<>();
    for (int k = 0; k < total; k++) {
      final int idx = k;
      if (k == 100) {
        b.close(); // the node goes away with requests in flight
        b = null;
      }
      long t0 = System.nanoTime();
      Future<Message<JsonObject>> f = ask(products.get(k % products.size()));
      all.add(f.andThen(r -> {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        outcomes.add(new long[] {idx, r.succeeded() ? 1 : 0, ms});
        if (r.succeeded() && idx > 150) {
          afterKill.add(r.result().headers().get(Addresses.NODE_HEADER));
        }
      }));
      if (k % 4 == 3) {
        Future.join(all.subList(Math.max(0, all.size() - 4), all.size())).await(30, TimeUnit.SECONDS);
      }
    }
    Future.join(all).await(60, TimeUnit.SECONDS);
    assertThat(outcomes).hasSize(total);
    for (long[] o : outcomes) {
      if (o[1] == 0) {
        assertThat(o[2]).as("a failed request fails fast (request %d)", o[0]).isLessThanOrEqualTo(SEND_TIMEOUT + 1000);
      }
    }
    long failed = outcomes.stream().filter(o -> o[1] == 0).count();
    assertThat(failed).as("requests that failed, each within the send timeout").isLessThan(40);
    assertThat(outcomes.stream().filter(o -> o[0] >= 200 && o[1] == 0)).as("failures long after the kill").isEmpty();
    assertThat(afterKill).hasSize(1);
  }
}
