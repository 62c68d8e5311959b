package dev.verdict.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.verdict.grpc.v2.GRPCInferenceServiceGrpc;
import dev.verdict.grpc.v2.InferTensorContents;
import dev.verdict.grpc.v2.ModelInferRequest;
import dev.verdict.grpc.v2.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded gRPC load for bench/oip-compare.sh: ModelInfer on one port of 127.0.0.1 with CONNS calls in flight
 * over CHANNELS HTTP/2 connections, for a fixed time, the penguin rows cycled ROWS at a time. Prints one line
 * like wrk's report.lua: {@code RESULT rps=.. p50=.. p99=.. requests=.. errors=..}.
 * Usage: GrpcLoad PORT MODEL ROWS SECONDS CONNS [CHANNELS]
 */
public final class GrpcLoad {
  private GrpcLoad() {
  }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    String model = a[1];
    int rows = Integer.parseInt(a[2]);
    long seconds = Long.parseLong(a[3]);
    int conns = Integer.parseInt(a[4]);
    int channels = a.length > 5 ? Integer.parseInt(a[5]) : 2;
    List<double[]> penguins = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("data/penguins.jsonl"))) {
      io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject(line);
      penguins.add(new double[] {o.getDouble("bill_length_mm"), o.getDouble("bill_depth_mm"),
          o.getDouble("flipper_length_mm"), o.getDouble("body_mass_g")});
    }
    List<ModelInferRequest> requests = new ArrayList<>();
    for (int start = 0; start + rows <= penguins.size(); start += rows) {
      InferTensorContents.Builder c = InferTensorContents.newBuilder();
      for (int i = start; i < start + rows; i++) {
        for (double d : penguins.get(i)) {
          c.addFp64Contents(d);
        }
      }
      requests.add(ModelInferRequest.newBuilder().setModelName(model).addInputs(ModelInferRequest.InferInputTensor
          .newBuilder().setName("features").setDatatype("FP64").addShape(rows).addShape(4).setContents(c)).build());
    }
    List<ManagedChannel> chs = new ArrayList<>();
    List<GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub> stubs = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      chs.add(ch);
      stubs.add(GRPCInferenceServiceGrpc.newFutureStub(ch));
    }
    // a short warm-up of the client itself (class loading, connections) outside the measured window
    for (var s : stubs) {
      s.modelInfer(requests.get(0)).get(30, TimeUnit.SECONDS);
    }
    Semaphore inFlight = new Semaphore(conns);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[] latencies = new long[5_000_000];
    AtomicLong recorded = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long t0 = System.nanoTime();
    for (long n = 0; System.nanoTime() < end; n++) {
      inFlight.acquire();
      long start = System.nanoTime();
      var f = stubs.get((int) (n % channels)).modelInfer(requests.get((int) (n % requests.size())));
      Futures.addCallback(f, new FutureCallback<ModelInferResponse>() {
        @Override
        public void onSuccess(ModelInferResponse r) {
          long i = recorded.getAndIncrement();
          if (i < latencies.length) {
            latencies[(int) i] = System.nanoTime() - start;
          }
          done.incrementAndGet();
          inFlight.release();
        }

        @Override
        public void onFailure(Throwable t) {
          errors.incrementAndGet();
          inFlight.release();
        }
      }, MoreExecutors.directExecutor());
    }
    inFlight.acquire(conns);
    double secs = (System.nanoTime() - t0) / 1e9;
    int n = (int) Math.min(recorded.get(), latencies.length);
    long[] l = Arrays.copyOf(latencies, n);
    Arrays.sort(l);
    System.out.printf("RESULT rps=%.0f p50=%.2f p90=%.2f p99=%.2f requests=%d errors=%d%n", done.get() / secs,
        l[n / 2] / 1e6, l[(int) (n * 0.9)] / 1e6, l[(int) (n * 0.99)] / 1e6, done.get(), errors.get());
    for (ManagedChannel ch : chs) {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
