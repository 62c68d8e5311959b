package dev.verdict.http;

import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the request validator compiled before the server listens. vertx-json-schema's
 * {@code SchemaValidatorImpl.validate} is 9 KB of bytecode: C1 gives up on it ("out of virtual registers"), so
 * it runs interpreted (about 18 µs a body instead of 5) until C2 reaches it, and with the compiler queue full of
 * a cold server's methods that took some 10 s of saturated traffic here. A few thousand validations at start,
 * while the queue is short, have C2 compile it in well under a second. This only works with
 * {@code -XX:-DontCompileHugeMethods}; without it HotSpot never compiles the method. Since request bodies are
 * checked by {@link CompiledSchema} and the full validator only sees what that check cannot judge, a plain
 * {@code java -jar} loses nothing measurable (docs/performance.md, "Speed without JVM flags").
 */
public final class SchemaWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaWarmup.class);

  private SchemaWarmup() {
  }

  /** Validates a sample body of each version {@code iterations} times in all; returns the validations run. */
  public static int run(Collection<ModelVersion> versions, int iterations) {
    if (!hugeMethodsCompiled()) {
      LOG.debug("no -XX:-DontCompileHugeMethods: the full schema validator, used only for bodies the compiled"
          + " check cannot judge, stays interpreted");
      return 0;
    }
    if (versions.isEmpty() || iterations <= 0) {
      return 0;
    }
    long t0 = System.nanoTime();
    int per = Math.max(1, iterations / versions.size());
    int run = 0;
    int valid = 0;
    for (ModelVersion v : versions) {
      Validator validator = Validator.create(JsonSchema.of(RequestSchemas.single(v)), RequestSchemas.options());
      JsonObject body = sample(v);
      for (int i = 0; i < per; i++, run++) {
        valid += validator.validate(body).getValid() ? 1 : 0;
      }
    }
    LOG.info("request validator warmed up: {} validations ({} valid) in {} ms", run, valid,
        (System.nanoTime() - t0) / 1_000_000);
    return run;
  }

  static JsonObject sample(ModelVersion v) {
    return new JsonObject(v.sampleRecord());
  }

  private static boolean hugeMethodsCompiled() {
    try {
      return "false".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("DontCompileHugeMethods").getValue());
    } catch (RuntimeException e) {
      return false; // not HotSpot: nothing to warm for
    }
  }
}
