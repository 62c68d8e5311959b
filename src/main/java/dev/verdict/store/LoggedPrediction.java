package dev.verdict.store;

import io.vertx.core.json.JsonObject;

/**
 * One answered prediction as the log keeps it: who asked (request id and the record's index in the request),
 * who answered (model, version, route: stable / canary / shadow / pinned, path: primary / a fallback / default),
 * the record, and the answer: the label with its probabilities (float64 little-endian, label order) and
 * confidence, or a regression's value; {@code support} the out-of-support conditions, or null.
 *
 * @param input the record as canonical JSON, without the fields configured to be left out; null when all are
 */
public record LoggedPrediction(String requestId, int index, String model, String version, String route, String path,
                               long atMs, String input, String answer, Double value, byte[] probabilities,
                               Double confidence, String support) {

  /** One answer as a log entry, whichever side answered it (a worker, or the response cache on the event loop). */
  public static LoggedPrediction of(String requestId, int index, dev.verdict.bus.Prediction p, String route,
                                    long atMs, String input) {
    return new LoggedPrediction(requestId, index, p.model(), p.version(), route,
        p.fallbackKind() == null ? p.path() : p.fallbackKind(), atMs, input, p.label(),
        p.regression() ? p.value() : null, p.regression() ? null : pack(p.probabilities()),
        p.regression() ? null : p.confidence(),
        p.support() == null || p.support().inSupport() ? null : String.join(",", p.support().conditions()));
  }

  public JsonObject toJson() {
    return new JsonObject().put("request_id", requestId).put("index", index).put("model", model)
        .put("version", version).put("route", route).put("path", path).put("at_ms", atMs)
        .put("input", input == null ? null : new JsonObject(input)).put("answer", answer).put("value", value)
        .put("confidence", confidence);
  }

  public static byte[] pack(double[] p) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * p.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (double d : p) {
      b.putDouble(d);
    }
    return b.array();
  }

  public static double unpack(byte[] p, int k) {
    return p == null || 8 * k + 8 > p.length ? Double.NaN
        : java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble(8 * k);
  }
}
