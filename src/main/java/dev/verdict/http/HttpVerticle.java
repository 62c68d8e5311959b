package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.common.dsl.Schemas;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The REST front door, on the event loop: body limit → schema validation (from the model's manifest) →
 * event bus → reply. Deployed after the inference workers, so it listens only when they can answer.
 */
public class HttpVerticle extends VerticleBase {
  /** Local shared-data key holding the port actually bound (useful with port 0). */
  public static final String PORT_KEY = "http.port";
  /** Local shared-data key holding the gRPC port actually bound. */
  public static final String GRPC_PORT_KEY = "grpc.port";

  private final ModelRegistry registry;
  private final HttpSettings settings;
  private final PrometheusMeterRegistry meters;
  private final java.util.concurrent.atomic.AtomicInteger inFlight;
  private final java.util.concurrent.atomic.AtomicBoolean draining;
  private final NodeShared shared;
  private HttpServer server;
  private HttpServer grpcServer;

  /** @param meters the registry {@code /metrics} exposes, or null when metrics are off */
  public HttpVerticle(ModelRegistry registry, HttpSettings settings, PrometheusMeterRegistry meters,
                      java.util.concurrent.atomic.AtomicInteger inFlight,
                      java.util.concurrent.atomic.AtomicBoolean draining, NodeShared shared) {
    this.registry = registry;
    this.shared = shared;
    this.draining = draining;
    this.inFlight = inFlight;
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler(settings.maxBodyBytes(), settings.maxBatch(), settings.sendTimeoutMs(),
        () -> registry.slots().values().stream().map(dev.verdict.model.ModelSlot::stable).toList());
    router.route().handler(new RequestId());
    ConnectionLimit connections = shared.connections;
    router.route().handler(SecurityHeaders::apply);
    String origins = settings.http().corsOrigins();
    if (!origins.isBlank()) {
      // CORS is off unless origins are configured: browsers elsewhere cannot call Verdict by default.
      router.route().handler(CorsHandler.create().addOrigins(java.util.List.of(origins.split("\\s*,\\s*")))
          .allowedMethods(java.util.Set.of(io.vertx.core.http.HttpMethod.GET, io.vertx.core.http.HttpMethod.POST))
          .allowedHeaders(java.util.Set.of("Content-Type", "X-Request-Id", "X-API-Key", "Authorization")));
    }
    RequestLog requestLog = new RequestLog(meters != null ? meters : new CompositeMeterRegistry());
    router.route().handler(requestLog);
    if (connections != null) {
      router.route().handler(connections);
    }
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 405, 413, 415, 500, 503}) {
      router.errorHandler(status, failures);
    }
    router.get("/").handler(new InfoHandler(registry, settings));
    HealthRoutes.mount(vertx, router, registry, settings, draining::get);
    WebRoutes.mount(vertx, router, registry, settings);
    ScoringGateway gateway = new ScoringGateway(vertx.eventBus(), registry, settings, shared.rate, inFlight);
    OipRoutes.mount(router, registry, settings, gateway,
        () -> registry.get(settings.defaultModel()) != null && !draining.get());
    if (meters != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(meters));
    }
    AdminAuth admin = new AdminAuth(settings.adminApiKey());
    DriftRoutes.mount(router, vertx.eventBus(), admin);
    ModelRoutes.mount(router, registry, vertx.eventBus(), admin);
    OutcomeRoutes.mount(router, vertx.eventBus(), admin, settings.maxBodyBytes());

    PredictRoutes.mount(vertx, router, settings, gateway, shared.cache, meters);

    server = vertx.createHttpServer(serverOptions(settings));
    // Requests Netty rejects before routing (URI or headers too long, garbage) still get a JSON error.
    server.invalidRequestHandler(HttpVerticle::invalidRequest);
    if (connections != null) {
      server.connectionHandler(connections::opened);
    }
    Future<?> grpc = Future.succeededFuture();
    int grpcPort = settings.http().grpcPort();
    if (grpcPort >= 0) {
      // A port of its own: Kubernetes and meshes choose the protocol by port (KServe names it h2c), and REST's
      // HTTP/1.1 connection limits stay apart from gRPC's long-lived HTTP/2 connections.
      OipGrpc door = new OipGrpc(vertx, registry, settings, gateway,
          () -> registry.get(settings.defaultModel()) != null && !draining.get(), requestLog);
      grpcServer = vertx.createHttpServer(serverOptions(settings).setPort(grpcPort).setHttp2ClearTextEnabled(true)
          .setUseAlpn(true));
      grpc = grpcServer.requestHandler(door.server()).listen().onSuccess(s ->
          vertx.sharedData().getLocalMap("verdict").put(GRPC_PORT_KEY, s.actualPort()));
    }
    return grpc.compose(x -> server.requestHandler(router).listen()).onSuccess(s ->
        vertx.sharedData().getLocalMap("verdict").put(PORT_KEY, s.actualPort()));
  }

  /** Limits (header size, URL length, idle timeout) and optional TLS from PEM files. */
  static HttpServerOptions serverOptions(HttpSettings s) {
    HttpTransport h = s.http();
    HttpServerOptions o = new HttpServerOptions().setHost(s.host()).setPort(s.port())
        .setMaxHeaderSize(h.maxHeaderBytes()).setMaxInitialLineLength(h.maxUrlLength())
        .setIdleTimeout(h.idleTimeoutS()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    if (h.tls()) {
      o.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(h.tlsCertPem())
          .setKeyPath(h.tlsKeyPem()));
    }
    return o;
  }

  private static void invalidRequest(io.vertx.core.http.HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
    String error = status == 414 ? "request line too long" : status == 431 ? "request headers too large"
        : "malformed HTTP request";
    req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close").end(new JsonObject().put("error", error).toBuffer());
  }

  static void json(io.vertx.ext.web.RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }

  @Override
  public Future<?> stop() {
    return Future.all(server == null ? Future.succeededFuture() : server.close(),
        grpcServer == null ? Future.succeededFuture() : grpcServer.close());
  }
}
