package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.TestModels;
import dev.verdict.bus.Failure;
import dev.verdict.model.Aliases;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.model.ModelVersion;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's decisions without a server: admission, the version choice, and failures as refusals. */
class ScoringGatewayTest {
  private static HttpSettings settings(int maxInFlight) {
    return new HttpSettings("127.0.0.1", 0, "penguins", 1 << 20, 100, 5000, 10000, 1, "test", null, maxInFlight,
        new HttpTransport(8192, 4096, 60, "", "", "", 0, 0, 0, -1), "none", 0, 0, null);
  }

  /** penguins 1 (shipped) and 2 (a copy), with these aliases; "broken" failed to load. */
  private static ModelRegistry registry(Path root, Aliases aliases) throws Exception {
    Files.createDirectories(root.resolve("broken/1"));
    Files.writeString(root.resolve("broken/1/model.txt"), "not a LightGBM model\n");
    ModelRegistry reg = ModelRegistry.scan(root);
    Path copy = root.resolve("copies/penguins/2");
    TestModels.copyTree(TestModels.PENGUINS_DIR, copy);
    Files.writeString(copy.resolve("manifest.json"), new JsonObject(Files.readString(copy.resolve("manifest.json")))
        .put("version", "2").encodePrettily());
    Map<String, ModelVersion> versions = new LinkedHashMap<>();
    versions.put("1", TestModels.penguins());
    versions.put("2", TestModels.open(copy));
    reg.put(new ModelSlot("penguins", versions, aliases, Map.of(), Map.of()));
    return reg;
  }

  @Test
  void admissionRefusesPastTheRateAndPastMaxInFlight(@TempDir Path root) throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    ScoringGateway g = new ScoringGateway(null, registry(root, Aliases.stableOnly("1")), settings(2),
        RateLimit.create(1, 3), inFlight);
    assertThat(g.admit("a")).isNull();
    assertThat(g.admit("a")).isNull();
    ScoringGateway.Refusal full = g.admit("a"); // a permit left, but two already in flight
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.failure()).isEqualTo("overloaded");
    assertThat(inFlight.get()).isEqualTo(2);
    g.release();
    g.release();
    ScoringGateway.Refusal limited = g.admit("a"); // the burst of 3 is spent
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfterSeconds()).isEqualTo(3);
    assertThat(g.admit("b")).as("another client has its own budget").isNull();
    assertThat(inFlight.get()).isEqualTo(1);
  }

  @Test
  void theVersionIsChosenOnceCanaryIncluded(@TempDir Path root) throws Exception {
    ScoringGateway g = new ScoringGateway(null, registry(root, new Aliases("1", "2", 0.5, null)), settings(10), null,
        new AtomicInteger());
    int canary = 0;
    for (int i = 0; i < 1000; i++) {
      ScoringGateway.Target t = g.target("penguins", null, "key-" + i);
      assertThat(t.routed()).isTrue();
      assertThat(g.target("penguins", null, "key-" + i).version().version()).as("a key always routes alike")
          .isEqualTo(t.version().version());
      canary += "2".equals(t.version().version()) ? 1 : 0;
    }
    assertThat(canary).isBetween(430, 570);
    ScoringGateway.Target pinned = g.target("penguins", "1", "any");
    assertThat(pinned.routed()).isFalse();
    assertThat(pinned.version().version()).isEqualTo("1");
    assertThat(g.target(null, null, null).slot().name()).as("the default model").isEqualTo("penguins");
  }

  @Test
  void missingModelsAndVersionsAreRefusedWithTheRightStatus(@TempDir Path root) throws Exception {
    ScoringGateway g = new ScoringGateway(null, registry(root, Aliases.stableOnly("1")), settings(10), null,
        new AtomicInteger());
    assertRefused(() -> g.target("nope", null, null), 404, "unknown model: nope");
    assertRefused(() -> g.target("penguins", "9", null), 404, "has no loaded version 9 (loaded: 1, 2)");
    assertRefused(() -> g.target("broken", null, null), 503, "model broken failed to load: ");
  }

  @Test
  void busFailuresBecomeRefusals() {
    assertThat(ScoringGateway.refusal(new ReplyException(ReplyFailure.TIMEOUT, "t"), 5000).status()).isEqualTo(504);
    assertThat(ScoringGateway.refusal(new ReplyException(ReplyFailure.NO_HANDLERS, "n"), 5000).status()).isEqualTo(503);
    ScoringGateway.Refusal invalid = ScoringGateway.refusal(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
        Failure.INVALID_INPUT.code, Failure.INVALID_INPUT.body("request does not match",
            java.util.List.of(new dev.verdict.features.FieldError("bill_length_mm", "must be a number")))), 5000);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.message()).isEqualTo("request does not match; bill_length_mm: must be a number");
    assertThat(OipGrpc.status(invalid.status())).isEqualTo(io.vertx.grpc.common.GrpcStatus.INVALID_ARGUMENT);
    assertThat(OipGrpc.status(429)).isEqualTo(io.vertx.grpc.common.GrpcStatus.RESOURCE_EXHAUSTED);
  }

  private static void assertRefused(Runnable r, int status, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(ScoringGateway.Refused.class, e -> {
      assertThat(e.refusal.status()).isEqualTo(status);
      assertThat(e.refusal.message()).contains(message);
    });
  }
}
