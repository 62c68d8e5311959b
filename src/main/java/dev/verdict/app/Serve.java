package dev.verdict.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code serve} command. */
public final class Serve {
  /** How long SIGTERM waits for accepted requests; a pod's termination grace period must exceed it. */
  public static final long DRAIN_MS = 20_000;
  /** Then Vert.x gets this long to close. */
  public static final long CLOSE_MS = 15_000;
  private Serve() {
  }

  static int run(Path configFile, boolean cluster, java.util.Map<String, String> overrides) throws Exception {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putAll(overrides);
    if (cluster) {
      env.put("VERDICT_CLUSTER_ENABLED", "true");
    }
    VerdictConfig config = VerdictConfig.load(configFile, env);
    if ("json".equals(config.logFormat())) {
      useJsonLogs();
    }
    Logger log = LoggerFactory.getLogger(Serve.class);
    log.info("effective configuration: {}", config.toJson().encode());
    VerdictVertx.Built built = VerdictVertx.start(config, config.blockedThreadCheckMs(), config.metricsEnabled())
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    Vertx vertx = built.vertx();
    MainVerticle main = new MainVerticle(config, config.metricsEnabled() ? built.registry() : null);
    vertx.deployVerticle(main).onFailure(e -> {
      log.error("verdict failed to start: {}", e.getMessage());
      vertx.close().onComplete(x -> System.exit(1));
    });
    // SIGTERM: readiness goes false, accepted requests finish (up to 20 s), then Vert.x closes.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Integer left = main.drain(DRAIN_MS).toCompletionStage().toCompletableFuture()
            .get(DRAIN_MS + 5_000, TimeUnit.MILLISECONDS);
        log.info("shutting down, {} request(s) still in flight", left);
        vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("shutdown: {}", e.toString());
      }
    }, "verdict-shutdown"));
    return Main.KEEP_RUNNING;
  }

  /** Switches Logback to one JSON object per line ({@code logback-json.xml} on the classpath). */
  private static void useJsonLogs() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    JoranConfigurator jc = new JoranConfigurator();
    jc.setContext(ctx);
    jc.doConfigure(Serve.class.getResource("/logback-json.xml"));
  }
}
