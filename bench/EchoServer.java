// The floor: a bare Vert.x HTTP server that echoes the request body (a JSON body of the same size as a
// prediction request) — what HTTP alone costs on this machine. Run with the Verdict jar on the classpath:
//   java -cp target/verdict.jar bench/EchoServer.java PORT
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

public class EchoServer extends VerticleBase {
  static int port;

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b ->
        req.response().putHeader("Content-Type", "application/json").end(b))).listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    port = Integer.parseInt(args.length > 0 ? args[0] : "18200");
    Vertx.vertx().deployVerticle(EchoServer::new, new DeploymentOptions()
        .setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("echo listening on " + port))
        .onFailure(e -> { e.printStackTrace(); System.exit(1); });
  }
}
