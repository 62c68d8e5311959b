package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.verdict.TestHooks;
import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import dev.verdict.grpc.v2.GRPCInferenceServiceGrpc;
import dev.verdict.grpc.v2.InferParameter;
import dev.verdict.grpc.v2.InferTensorContents;
import dev.verdict.grpc.v2.ModelInferRequest;
import dev.verdict.grpc.v2.ModelInferResponse;
import dev.verdict.grpc.v2.ModelMetadataRequest;
import dev.verdict.grpc.v2.ModelMetadataResponse;
import dev.verdict.grpc.v2.ModelReadyRequest;
import dev.verdict.grpc.v2.ServerLiveRequest;
import dev.verdict.grpc.v2.ServerMetadataRequest;
import dev.verdict.grpc.v2.ServerReadyRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol over gRPC, called by grpc-java through stubs generated from the same .proto: every
 * RPC, typed and raw tensors, answers equal to REST's, errors as gRPC statuses with messages, the request id in
 * metadata, an over-limit client refused, and a graceful shutdown that waits for a call in flight.
 */
class GrpcDoorTest {
  private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final double[][] PENGUINS = {{47.5, 15.0, 218, 4950}, {39.1, 18.7, 181, 3750}};

  private static ManagedChannel channel(VerdictServer s) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
  }

  private static ModelInferRequest penguins(String id) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (double[] row : PENGUINS) {
      for (double d : row) {
        c.addFp64Contents(d);
      }
    }
    return ModelInferRequest.newBuilder().setModelName("penguins").setId(id)
        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP64")
            .addShape(2).addShape(4).setContents(c)).build();
  }

  @Test
  void everyRpcAnswersAsRestDoes() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of())) {
      ManagedChannel ch = channel(s);
      try {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName()).isEqualTo("verdict");
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("penguins").build()).getReady()).isTrue();
        ModelMetadataResponse meta = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("penguins").build());
        assertThat(meta.getPlatform()).isEqualTo("lightgbm");
        assertThat(meta.getInputs(0).getName()).isEqualTo("features");
        assertThat(meta.getInputs(0).getShapeList()).containsExactly(-1L, 4L);
        assertThat(meta.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName)
            .contains("predict", "predict_proba");

        // typed contents, the request id through metadata, the answer equal to REST's for the same rows
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Metadata sent = new Metadata();
        sent.put(REQUEST_ID, "grpc-req-1");
        ModelInferResponse r = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers)).modelInfer(penguins("call-1"));
        assertThat(headers.get().get(REQUEST_ID)).isEqualTo("grpc-req-1");
        assertThat(r.getId()).isEqualTo("call-1");
        assertThat(r.getModelName()).isEqualTo("penguins");
        ModelInferResponse.InferOutputTensor labels = r.getOutputs(0);
        ModelInferResponse.InferOutputTensor proba = r.getOutputs(1);
        assertThat(labels.getName()).isEqualTo("predict");
        assertThat(labels.getDatatype()).isEqualTo("BYTES");
        assertThat(proba.getShapeList()).containsExactly(2L, 3L);
        for (int i = 0; i < PENGUINS.length; i++) {
          JsonObject rest = new JsonObject(s.postJson("/models/penguins/predict", new JsonObject()
              .put("features", new JsonArray(java.util.Arrays.stream(PENGUINS[i]).boxed().toList())).encode()).body());
          assertThat(labels.getContents().getBytesContents(i).toStringUtf8()).isEqualTo(rest.getString("prediction"));
          JsonObject p = rest.getJsonObject("probabilities");
          JsonArray classes = new JsonArray(meta.getOutputs(1).getParametersOrThrow("labels").getStringParam());
          for (int k = 0; k < classes.size(); k++) {
            assertThat(proba.getContents().getFp64Contents(i * 3 + k)).isCloseTo(p.getDouble(classes.getString(k)),
                within(1e-12));
          }
        }

        // raw_input_contents (FP32, little-endian) in, raw_output_contents out, same probabilities
        ByteBuffer raw = ByteBuffer.allocate(2 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : PENGUINS) {
          for (double d : row) {
            raw.putFloat((float) d);
          }
        }
        ModelInferResponse rr = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("penguins")
            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP32")
                .addShape(2).addShape(4)).addRawInputContents(ByteString.copyFrom(raw.array())).build());
        assertThat(rr.getRawOutputContentsCount()).isEqualTo(2);
        assertThat(rr.getOutputs(1).hasContents()).isFalse();
        ByteBuffer pb = rr.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
          assertThat(pb.getDouble()).isCloseTo(proba.getContents().getFp64Contents(i), within(1e-6));
        }

        // one tensor per field, BYTES for text: the product classifier answers as /predict does
        Map<String, Object> iphone = TestModels.iphone();
        ModelInferRequest.Builder product = ModelInferRequest.newBuilder().setModelName("product-classifier");
        iphone.forEach((k, v) -> {
          InferTensorContents.Builder c = InferTensorContents.newBuilder();
          boolean text = v instanceof String;
          if (text) {
            c.addBytesContents(ByteString.copyFromUtf8((String) v));
          } else {
            c.addFp64Contents(((Number) v).doubleValue());
          }
          product.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(k)
              .setDatatype(text ? "BYTES" : "FP64").addShape(1).setContents(c));
        });
        ModelInferResponse pr = stub.modelInfer(product.build());
        assertThat(pr.getOutputs(0).getContents().getBytesContents(0).toStringUtf8())
            .isEqualTo(new JsonObject(s.postJson("/predict", new JsonObject(iphone).encode()).body()).getString("category"));
        assertThat(s.get("/metrics").body())
            .contains("endpoint=\"grpc:/inference.GRPCInferenceService/ModelInfer\"");
      } finally {
        ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void malformedRequestsGetStatusesWithMessagesAndAnOverLimitClientIsRefused() throws Exception {
    try (VerdictServer s = VerdictServer.start(Map.of("http", new JsonObject().put("rate_limit_per_s", 1)
        .put("rate_limit_burst", 3)))) {
      ManagedChannel ch = channel(s);
      try {
        Metadata key = new Metadata();
        key.put(API_KEY, "grpc-tests");
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key));
        assertStatus(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("no-such-model")
            .addInputs(penguins("x").getInputs(0)).build()), Status.Code.NOT_FOUND, "unknown model: no-such-model");
        assertStatus(() -> stub.modelInfer(penguins("x").toBuilder().setInputs(0, penguins("x").getInputs(0).toBuilder()
            .setShape(0, 3)).build()), Status.Code.INVALID_ARGUMENT, "holds 12 elements; its contents hold 8");
        assertStatus(() -> stub.modelInfer(penguins("x").toBuilder().setInputs(0, penguins("x").getInputs(0).toBuilder()
            .setDatatype("FP16")).build()), Status.Code.INVALID_ARGUMENT, "datatype \"FP16\" is not supported");
        // bytes that are no ModelInferRequest at all
        MethodDescriptor<byte[], byte[]> rawInfer = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("inference.GRPCInferenceService/ModelInfer")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(ch, rawInfer, CallOptions.DEFAULT
                .withDeadlineAfter(30, TimeUnit.SECONDS), new byte[] {(byte) 0xff, 0x01, 0x02, 0x03}))
            .isInstanceOf(StatusRuntimeException.class);
        // the rate limit holds here as on REST: the 3 refused calls above used 3 permits of this key's 3
        assertStatus(() -> stub.modelInfer(penguins("x")), Status.Code.RESOURCE_EXHAUSTED, "rate limit exceeded");
        // another client is not affected, and the server still answers
        assertThat(GRPCInferenceServiceGrpc.newBlockingStub(ch).modelInfer(penguins("y")).getOutputsCount()).isEqualTo(2);
      } finally {
        ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void gracefulShutdownWaitsForAGrpcCallInFlight() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(false);
    try (VerdictServer s = VerdictServer.start(Map.of(), TestHooks.slowWhile(slow, 1500))) {
      ManagedChannel ch = channel(s);
      try {
        // a first call connects the channel (and loads grpc-java's classes) before the slow one is timed
        GRPCInferenceServiceGrpc.newBlockingStub(ch).serverLive(ServerLiveRequest.getDefaultInstance());
        slow.set(true);
        ListenableFuture<ModelInferResponse> call = GRPCInferenceServiceGrpc.newFutureStub(ch).modelInfer(penguins("slow"));
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (s.metric("verdict_inflight_requests") < 1 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(s.metric("verdict_inflight_requests")).isEqualTo(1.0);
        var drained = s.main.drain(5000);
        Thread.sleep(100);
        assertThat(drained.isComplete()).as("drain waits for the gRPC call").isFalse();
        assertThat(call.get(10, TimeUnit.SECONDS).getOutputsCount()).isEqualTo(2);
        assertThat(drained.await(10, TimeUnit.SECONDS)).isZero();
      } finally {
        ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void assertStatus(Runnable call, Status.Code code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(message);
    });
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };
}
