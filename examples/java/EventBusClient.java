// A tiny Vert.x app that joins the Verdict cluster (Hazelcast, TCP-IP member list) and calls verdict.predict
// over the event bus with JSON. Run (single-file source, the Verdict jar on the classpath):
//   java -cp target/verdict.jar examples/java/EventBusClient.java [members] [hazelcast-port]
// members defaults to 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703; the client takes port 5703 by default.
import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

public class EventBusClient {
  public static void main(String[] args) throws Exception {
    String members = args.length > 0 ? args[0] : "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 5703;
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(System.getenv().getOrDefault("VERDICT_CLUSTER_NAME", "verdict"));
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.getNetworkConfig().setPort(port).setPortAutoIncrement(true).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(List.of(members.split(",")));
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(hz))
        .buildClustered().await(60, TimeUnit.SECONDS);
    try {
      List<JsonObject> products = List.of(
          new JsonObject().put("title", "Bush Somerset Collection Bookcase").put("brand", "Bush").put("price", 261.96),
          new JsonObject().put("title", "Xerox 1967").put("brand", "Xerox").put("price", 6.48),
          new JsonObject().put("title", "Apple iPhone 15 Pro Max").put("brand", "Apple").put("price", 1299.99));
      DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(5000);
      for (int round = 0; round < 2; round++) {
        for (JsonObject p : products) {
          try {
            Message<JsonObject> m = vertx.eventBus().<JsonObject>request("verdict.predict", p, timeout)
                .await(10, TimeUnit.SECONDS);
            System.out.printf("Prediction for %s is: %s (confidence %.3f, node %s)%n", p.getString("title"),
                m.body().getString("prediction"), m.body().getDouble("confidence"), m.headers().get("verdict-node"));
          } catch (ReplyException e) {
            System.out.printf("Request for %s failed: code %d, %s%n", p.getString("title"), e.failureCode(), e.getMessage());
          }
        }
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
