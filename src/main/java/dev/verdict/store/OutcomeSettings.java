package dev.verdict.store;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The prediction log and the outcome store (section {@code outcomes}; env {@code VERDICT_OUTCOMES_<KEY>}).
 *
 * @param store        {@code sqlite} (a file under {@code dir}, nothing to install) or {@code postgres} ({@code pg_uri})
 * @param sampleRate   share of requests whose predictions are logged (a request is logged whole or not at all)
 * @param omitFields   input fields never written to the log (personal data stays out of the store)
 * @param queueMax     log entries held while the store is slow or down; beyond it entries are dropped and counted
 */
public record OutcomeSettings(boolean enabled, String store, Path dir, String pgUri, int pgPoolSize,
                              double sampleRate, List<String> omitFields, int queueMax, int batchMax, long flushMs,
                              int retentionDays, long retentionRows, int feedbackMaxBatch, int performanceLast) {

  public static final JsonObject DEFAULTS = new JsonObject().put("enabled", true).put("store", "sqlite")
      .put("dir", "outcomes").put("pg_uri", "").put("pg_pool_size", 4).put("sample_rate", 1.0)
      .put("omit_fields", "").put("queue_max", 20_000).put("batch_max", 500).put("flush_ms", 200)
      .put("retention_days", 30).put("retention_rows", 5_000_000L).put("feedback_max_batch", 1000)
      .put("performance_last", 5000);

  public static OutcomeSettings fromJson(JsonObject json) {
    JsonObject j = DEFAULTS.copy().mergeIn(json == null ? new JsonObject() : json);
    String store = j.getString("store");
    if (!"sqlite".equals(store) && !"postgres".equals(store)) {
      throw new IllegalArgumentException("outcomes.store must be sqlite or postgres, got \"" + store + "\"");
    }
    if ("postgres".equals(store) && j.getString("pg_uri", "").isBlank()) {
      throw new IllegalArgumentException("outcomes.store=postgres needs outcomes.pg_uri (postgresql://user:pass@host:5432/db)");
    }
    double rate = ((Number) j.getValue("sample_rate")).doubleValue();
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("outcomes.sample_rate must lie in [0, 1]");
    }
    List<String> omit = Arrays.stream(String.valueOf(j.getValue("omit_fields")).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new OutcomeSettings(Boolean.parseBoolean(String.valueOf(j.getValue("enabled"))), store,
        Path.of(j.getString("dir")), j.getString("pg_uri"), j.getInteger("pg_pool_size"), rate, omit,
        j.getInteger("queue_max"), j.getInteger("batch_max"), j.getLong("flush_ms"), j.getInteger("retention_days"),
        j.getLong("retention_rows"), j.getInteger("feedback_max_batch"), j.getInteger("performance_last"));
  }

  /** The same request id is always in or out, so a shadow's entry joins its stable one. */
  public boolean sampled(String requestId) {
    return sampleRate >= 1.0 || (requestId.hashCode() & 0x7fffffff) / (double) Integer.MAX_VALUE < sampleRate;
  }

  /** A record as the log keeps it: JSON, without the fields configured to be left out. */
  public String input(java.util.Map<String, Object> record) {
    if (record == null) {
      return null;
    }
    if (omitFields.isEmpty()) {
      return new JsonObject(record).encode();
    }
    java.util.Map<String, Object> kept = new java.util.LinkedHashMap<>(record);
    omitFields.forEach(kept::remove);
    return new JsonObject(kept).encode();
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("store", store).put("dir", dir.toString())
        .put("pg_uri", pgUri == null || pgUri.isBlank() ? "" : "(set)").put("sample_rate", sampleRate)
        .put("omit_fields", String.join(",", omitFields)).put("queue_max", queueMax).put("retention_days", retentionDays)
        .put("retention_rows", retentionRows);
  }
}
