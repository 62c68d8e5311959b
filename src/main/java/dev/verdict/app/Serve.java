package dev.verdict.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code serve} command. */
final class Serve {
  private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

  private Serve() {
  }

  static int run(Args a) throws Exception {
    VerdictConfig config = VerdictConfig.load(Path.of(a.get("config", "conf/config.json")), System.getenv());
    LOG.info("effective configuration: {}", config.toJson().encode());
    Vertx vertx = Vertx.vertx(vertxOptions(config));
    MainVerticle main = new MainVerticle(config);
    vertx.deployVerticle(main).onFailure(e -> {
      LOG.error("verdict failed to start: {}", e.getMessage());
      vertx.close().onComplete(x -> System.exit(1));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown: {}", e.toString());
      }
    }, "verdict-shutdown"));
    return Integer.MIN_VALUE;
  }

  static VertxOptions vertxOptions(VerdictConfig config) {
    return new VertxOptions()
        .setBlockedThreadCheckInterval(Math.max(10, config.blockedThreadCheckMs() / 2))
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(config.blockedThreadCheckMs())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWorkerPoolSize(Math.max(20, config.workers() * 2));
  }
}
