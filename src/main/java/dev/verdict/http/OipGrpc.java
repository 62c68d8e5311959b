package dev.verdict.http;

import com.google.protobuf.Message;
import dev.verdict.grpc.v2.InferParameter;
import dev.verdict.grpc.v2.ModelInferRequest;
import dev.verdict.grpc.v2.ModelInferResponse;
import dev.verdict.grpc.v2.ModelMetadataRequest;
import dev.verdict.grpc.v2.ModelMetadataResponse;
import dev.verdict.grpc.v2.ModelReadyRequest;
import dev.verdict.grpc.v2.ModelReadyResponse;
import dev.verdict.grpc.v2.ServerLiveRequest;
import dev.verdict.grpc.v2.ServerLiveResponse;
import dev.verdict.grpc.v2.ServerMetadataRequest;
import dev.verdict.grpc.v2.ServerMetadataResponse;
import dev.verdict.grpc.v2.ServerReadyRequest;
import dev.verdict.grpc.v2.ServerReadyResponse;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}): health, metadata and
 * ModelInfer. A thin door over the same gateway as REST: the same admission (rate limit, max_in_flight, request
 * timeout, counted for a graceful shutdown), the same version choice, the same tensor checks and answers, the
 * same request metrics. Request ids travel in the {@code x-request-id} metadata, API keys in {@code x-api-key}.
 */
final class OipGrpc {
  static final ServiceName SERVICE = ServiceName.create("inference", "GRPCInferenceService");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final HttpSettings s;
  private final ScoringGateway gateway;
  private final BooleanSupplier ready;
  private final RequestLog log;

  OipGrpc(Vertx vertx, ModelRegistry registry, HttpSettings s, ScoringGateway gateway, BooleanSupplier ready,
          RequestLog log) {
    this.vertx = vertx;
    this.registry = registry;
    this.s = s;
    this.gateway = gateway;
    this.ready = ready;
    this.log = log;
  }

  GrpcServer server() {
    GrpcServer g = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(s.maxBodyBytes()));
    unary(g, "ServerLive", ServerLiveRequest.getDefaultInstance(),
        (q, r) -> r.end(ServerLiveResponse.newBuilder().setLive(true).build()));
    unary(g, "ServerReady", ServerReadyRequest.getDefaultInstance(),
        (q, r) -> r.end(ServerReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build()));
    unary(g, "ServerMetadata", ServerMetadataRequest.getDefaultInstance(), (q, r) -> r.end(ServerMetadataResponse
        .newBuilder().setName("verdict").setVersion(s.version()).build()));
    // an unknown model or version is refused by the unary wrapper (ModelMissing.served throws Refused)
    unary(g, "ModelReady", ModelReadyRequest.getDefaultInstance(), (q, r) -> {
      served(q.getName(), q.getVersion());
      r.end(ModelReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build());
    });
    unary(g, "ModelMetadata", ModelMetadataRequest.getDefaultInstance(), (q, r) -> {
      ModelVersion v = served(q.getName(), q.getVersion());
      r.end(GrpcMetadata.of(v, registry.slot(v.name()).versions().keySet()));
    });
    unary(g, "ModelInfer", ModelInferRequest.getDefaultInstance(), this::infer);
    return g;
  }

  /** A call's answer: a message, or a refusal as a gRPC status; recorded once, like an HTTP request. */
  final class Reply<R extends Message> {
    private final GrpcServerRequest<?, R> call;
    private final String endpoint;
    private final long start = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private Runnable onDone = () -> { };
    String requestId;
    String model = "";
    String version = "";
    String path = "";

    Reply(GrpcServerRequest<?, R> call, String endpoint) {
      this.call = call;
      this.endpoint = endpoint;
      String given = call.headers().get("x-request-id");
      requestId = given != null && SAFE_ID.matcher(given).matches() ? given : RequestId.next();
      call.response().headers().set("x-request-id", requestId);
    }

    void end(R message) {
      if (done.compareAndSet(false, true)) {
        call.response().end(message);
        finish(200, null);
      }
    }

    void fail(ScoringGateway.Refusal r) {
      if (done.compareAndSet(false, true)) {
        if (r.retryAfterSeconds() > 0) {
          call.response().trailers().set("retry-after", Long.toString(r.retryAfterSeconds()));
        }
        call.response().status(status(r.status())).statusMessage(r.message()).end();
        finish(r.status(), r.failure());
      }
    }

    private void finish(int status, String failure) {
      onDone.run();
      log.record(endpoint, HttpMethod.POST, status, model, version,
          path, failure, System.nanoTime() - start, requestId);
    }
  }

  private <Q extends Message, R extends Message> void unary(GrpcServer g, String method, Q proto,
                                                            java.util.function.BiConsumer<Q, Reply<R>> handler) {
    ServiceMethod<Q, R> m = ServiceMethod.server(SERVICE, method, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(proto));
    String endpoint = "grpc:/" + SERVICE.fullyQualifiedName() + "/" + method; // the metrics' endpoint tag
    Handler<GrpcServerRequest<Q, R>> h = call -> call.handler(q -> {
      Reply<R> reply = new Reply<>(call, endpoint);
      try {
        handler.accept(q, reply);
      } catch (ScoringGateway.Refused e) {
        reply.fail(e.refusal);
      } catch (IllegalArgumentException e) {
        reply.fail(new ScoringGateway.Refusal(400, e.getMessage(), "invalid_request", 0));
      }
    });
    g.callHandler(m, h);
  }

  /** proto3 sends an unset version as "": the stable one. */
  private ModelVersion served(String name, String version) {
    return ModelMissing.served(registry, name, version.isEmpty() ? null : version);
  }

  private void infer(ModelInferRequest q, Reply<ModelInferResponse> reply) {
    @SuppressWarnings("unchecked")
    GrpcServerRequest<ModelInferRequest, ModelInferResponse> call =
        (GrpcServerRequest<ModelInferRequest, ModelInferResponse>) reply.call;
    ScoringGateway.Refusal refused = gateway.admit(RateLimit.client(call.headers().get("x-api-key"),
        call.connection().remoteAddress()));
    if (refused != null) {
      reply.fail(refused);
      return;
    }
    long timer = vertx.setTimer(s.requestTimeoutMs(), id -> reply.fail(new ScoringGateway.Refusal(504,
        "no answer within " + s.requestTimeoutMs() + " ms", "timeout", 0)));
    reply.onDone = () -> {
      vertx.cancelTimer(timer);
      gateway.release();
    };
    String routingKey = call.headers().get("x-routing-key");
    ScoringGateway.Target t = gateway.target(q.getModelName().isEmpty() ? null : q.getModelName(),
        q.getModelVersion().isEmpty() ? null : q.getModelVersion(), routingKey);
    ModelVersion v = t.version();
    reply.model = v.name();
    reply.version = v.version();
    JsonObject body = GrpcTensors.request(q);
    List<Map<String, Object>> records = OipTensors.records(body.getJsonArray("inputs"), v, s.maxBatch());
    List<Object[]> outputs = OipResponse.requested(body, v.objective().regression());
    gateway.score(t, records, true, reply.requestId, routingKey, reply.start, OipResponse.explain(body) ? "" : null,
            false)
        .onSuccess(r -> {
          reply.version = r.predictions().get(0).version();
          reply.path = r.predictions().stream().map(dev.verdict.bus.Prediction::path)
              .filter(p -> !"primary".equals(p)).findFirst().orElse("primary");
          reply.end(GrpcTensors.response(v.name(), reply.version, q.getId().isEmpty() ? null : q.getId(),
              OipResponse.tensors(outputs, r.predictions(), v.labels().size(),
                  dev.verdict.features.FeatureGroup.fields(v.pipeline().groups())),
              q.getRawInputContentsCount() > 0));
        })
        .onFailure(e -> reply.fail(ScoringGateway.refusal(e, s.sendTimeoutMs())));
  }

  /** The gRPC status an HTTP status stands for. */
  static GrpcStatus status(int http) {
    return switch (http) {
      case 400, 413, 415, 422 -> GrpcStatus.INVALID_ARGUMENT;
      case 401, 403 -> GrpcStatus.PERMISSION_DENIED;
      case 404 -> GrpcStatus.NOT_FOUND;
      case 409 -> GrpcStatus.FAILED_PRECONDITION;
      case 429 -> GrpcStatus.RESOURCE_EXHAUSTED;
      case 503 -> GrpcStatus.UNAVAILABLE;
      case 504 -> GrpcStatus.DEADLINE_EXCEEDED;
      default -> GrpcStatus.INTERNAL;
    };
  }

  static InferParameter string(String v) {
    return InferParameter.newBuilder().setStringParam(v).build();
  }
}
