package dev.verdict.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A clustered Vert.x with the Hazelcast cluster manager. By default: TCP-IP join on the configured member
 * list, multicast and auto-detection off, no phone-home, no join delay, event bus bound to the configured
 * host. A {@code hazelcast_xml} file replaces the network part (e.g. multicast or Kubernetes discovery).
 */
final class Clustering {
  private Clustering() {
  }

  static Future<VerdictVertx.Built> start(VerdictConfig config, long blockedCheckMs, boolean metrics) {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "slf4j");
    ClusterSettings c = config.cluster();
    Config hz = c.hazelcastXml().isBlank() ? ConfigUtil.loadConfig() : fromXml(c.hazelcastXml());
    hz.setClusterName(c.name());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    if (c.hazelcastXml().isBlank()) {
      NetworkConfig net = hz.getNetworkConfig().setPort(c.hazelcastPort()).setPortAutoIncrement(true);
      net.getInterfaces().setEnabled(true).addInterface(c.host());
      JoinConfig join = net.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(c.members());
    }
    VertxOptions options = VerdictVertx.options(config, blockedCheckMs)
        .setEventBusOptions(new EventBusOptions().setHost(c.host()).setPort(c.eventBusPort()));
    PrometheusMeterRegistry registry = VerdictVertx.registry();
    VertxBuilder builder = io.vertx.core.Vertx.builder().withClusterManager(new HazelcastClusterManager(hz));
    if (metrics && config.metricsVertx()) {
      options.setMetricsOptions(VerdictVertx.metricsOptions(config.metricsEventBus(), config.metricsVertxPools()));
      builder.withMetrics(new MicrometerMetricsFactory(registry));
    } else if (metrics) {
      VerdictVertx.bindJvm(registry);
    }
    return builder.with(options).buildClustered().map(v -> new VerdictVertx.Built(v, registry));
  }

  private static Config fromXml(String path) {
    try (InputStream in = new FileInputStream(path)) {
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Hazelcast config " + path, e);
    }
  }
}
