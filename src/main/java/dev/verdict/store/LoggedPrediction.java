package dev.verdict.store;

import io.vertx.core.json.JsonObject;

/**
 * One answered prediction as the log keeps it: who asked (request id and the record's index in the request),
 * who answered (model, version, route: stable / canary / shadow / pinned, path: primary / a fallback / default),
 * the record, and the answer: the label with its probabilities as JSON and confidence, or a regression's value.
 *
 * @param input the record as canonical JSON, without the fields configured to be left out; null when all are
 */
public record LoggedPrediction(String requestId, int index, String model, String version, String route, String path,
                               long atMs, String input, String answer, Double value, String probabilities,
                               Double confidence, String support) {

  public JsonObject toJson() {
    return new JsonObject().put("request_id", requestId).put("index", index).put("model", model)
        .put("version", version).put("route", route).put("path", path).put("at_ms", atMs)
        .put("input", input == null ? null : new JsonObject(input)).put("answer", answer).put("value", value)
        .put("confidence", confidence);
  }
}
