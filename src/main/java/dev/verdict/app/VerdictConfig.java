package dev.verdict.app;

import dev.verdict.drift.DriftSettings;
import dev.verdict.model.ScorerPlan;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Effective configuration: built-in defaults, then {@code conf/config.json}, then environment variables
 * ({@code HOST}, {@code PORT}, and {@code VERDICT_<KEY>} for every other key, e.g. {@code VERDICT_MAX_BATCH}).
 */
public record VerdictConfig(String host, int port, Path modelsDir, String defaultModel, int workers,
                            int httpInstances, int maxBodyBytes, int maxBatch, long sendTimeoutMs,
                            long requestTimeoutMs, String fallback, long blockedThreadCheckMs, DriftSettings drift,
                            String adminApiKey, boolean metricsEnabled, String logFormat,
                            ClusterSettings cluster, int maxInFlight, JsonObject http, boolean metricsEventBus,
                            boolean metricsVertx, boolean metricsVertxPools, ScorerPlan.Mode scorer, JsonObject cache,
                            dev.verdict.store.OutcomeSettings outcomes) {

  /**
   * The response cache (section {@code cache}; env {@code VERDICT_CACHE_<KEY>}): entries and bytes, shared by
   * the event loops; {@code max_entries: 0} turns it off.
   */
  static final JsonObject CACHE_DEFAULTS = new JsonObject().put("max_entries", 10_000).put("max_bytes", 32L << 20);

  /** Transport limits and options of the HTTP server (section {@code http}; env {@code VERDICT_HTTP_<KEY>}). */
  static final JsonObject HTTP_DEFAULTS = new JsonObject()
      .put("max_header_bytes", 8192).put("max_url_length", 4096).put("idle_timeout_s", 60)
      .put("cors_origins", "").put("tls_cert_pem", "").put("tls_key_pem", "")
      // per client (X-API-Key, else remote address) on scoring routes; 0 = off
      .put("rate_limit_per_s", 0).put("rate_limit_burst", 0)
      // open connections per remote address (beyond: 429 + Connection: close); 0 = unlimited
      .put("max_connections_per_client", 1024)
      // the Open Inference Protocol over gRPC, on a port of its own (h2c, or TLS when tls_* are set); -1 = off
      .put("grpc_port", 8081);

  static final JsonObject DEFAULTS = new JsonObject()
      .put("host", "0.0.0.0").put("port", 8080).put("models_dir", "models")
      .put("default_model", "product-classifier").put("workers", 0).put("http_instances", 0)
      .put("max_body_bytes", 1_048_576).put("max_batch", 100).put("send_timeout_ms", 5000)
      .put("request_timeout_ms", 10000).put("fallback", "auto").put("blocked_thread_check_ms", 2000)
      .put("drift", DriftSettings.DEFAULTS.copy()).put("admin_api_key", "").put("metrics_enabled", "true")
      .put("log_format", "text").put("cluster", ClusterSettings.DEFAULTS.copy())
      .put("max_in_flight", 0)
      .put("http", HTTP_DEFAULTS.copy()).put("metrics_event_bus", "false")
      // Vert.x's own HTTP server meters (Verdict's meters stay on with metrics_enabled)
      .put("metrics_vertx", "true")
      // Vert.x's worker-pool, TCP and verticle meters: measurable cost, so opt-in
      .put("metrics_vertx_pools", "false")
      // compiled forest when proven equal to the booster at load (auto), always (compiled), never (lightgbm)
      .put("scorer", "auto")
      .put("cache", CACHE_DEFAULTS.copy())
      .put("outcomes", dev.verdict.store.OutcomeSettings.DEFAULTS.copy());


  /** Every environment variable {@link #load} reads: HOST, PORT, VERDICT_<KEY> and VERDICT_<SECTION>_<KEY>. */
  public static java.util.Set<String> environmentNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String key : DEFAULTS.fieldNames()) {
      if (DEFAULTS.getValue(key) instanceof JsonObject section) {
        section.fieldNames().forEach(k -> names.add("VERDICT_" + key.toUpperCase(Locale.ROOT) + "_"
            + k.toUpperCase(Locale.ROOT)));
      } else {
        names.add("host".equals(key) || "port".equals(key) ? key.toUpperCase(Locale.ROOT)
            : "VERDICT_" + key.toUpperCase(Locale.ROOT));
      }
    }
    return names;
  }

  public static VerdictConfig load(Path file, Map<String, String> env) throws IOException {
    JsonObject json = DEFAULTS.copy();
    if (file != null && Files.exists(file)) {
      try {
        json.mergeIn(new JsonObject(Files.readString(file)));
      } catch (RuntimeException e) {
        throw new IOException("invalid config " + file + ": " + e.getMessage(), e);
      }
    } else if (file != null) {
      throw new IOException("config file not found: " + file);
    }
    json.put("drift", section(json, "drift", DriftSettings.DEFAULTS, env));
    json.put("cluster", section(json, "cluster", ClusterSettings.DEFAULTS, env));
    json.put("http", section(json, "http", HTTP_DEFAULTS, env));
    json.put("cache", section(json, "cache", CACHE_DEFAULTS, env));
    json.put("outcomes", section(json, "outcomes", dev.verdict.store.OutcomeSettings.DEFAULTS, env));
    for (String key : DEFAULTS.fieldNames()) {
      if (DEFAULTS.getValue(key) instanceof JsonObject) {
        continue;
      }
      String var = "host".equals(key) || "port".equals(key) ? key.toUpperCase(Locale.ROOT)
          : "VERDICT_" + key.toUpperCase(Locale.ROOT);
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        json.put(key, DEFAULTS.getValue(key) instanceof Number ? parseNumber(var, v) : v);
      }
    }
    return fromJson(json);
  }

  /** A nested section: its defaults, the file's values, then {@code VERDICT_<SECTION>_<KEY>} variables. */
  private static JsonObject section(JsonObject json, String name, JsonObject defaults, Map<String, String> env) {
    JsonObject out = defaults.copy().mergeIn(json.getJsonObject(name, new JsonObject()));
    for (String key : defaults.fieldNames()) {
      String var = "VERDICT_" + name.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        Object def = defaults.getValue(key);
        out.put(key, def instanceof Boolean ? (Object) Boolean.parseBoolean(v.trim())
            : def instanceof Integer || def instanceof Long ? (Object) parseNumber(var, v)
            : def instanceof Number ? (Object) Double.parseDouble(v.trim()) : v);
      }
    }
    return out;
  }

  private static long parseNumber(String var, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(var + " must be an integer, got \"" + v + "\"");
    }
  }

  /** From a full or partial config object; missing keys take the built-in defaults. */
  public static VerdictConfig fromJson(JsonObject partial) {
    JsonObject j = DEFAULTS.copy().mergeIn(partial);
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = j.getInteger("workers");
    int http = j.getInteger("http_instances");
    VerdictConfig c = new VerdictConfig(j.getString("host"), j.getInteger("port"), Path.of(j.getString("models_dir")),
        // Event loops and workers default to half the cores each: on 2 cores, with the feature-major scorer, one
        // and one served 1.22-1.30x the requests of one event loop and two workers at 0.70-0.76x the CPU per
        // request (docs/performance.md, "Thread layout").
        j.getString("default_model"), workers > 0 ? workers : Math.max(1, cores / 2),
        http > 0 ? http : Math.max(1, cores / 2),
        j.getInteger("max_body_bytes"), j.getInteger("max_batch"), j.getLong("send_timeout_ms"),
        j.getLong("request_timeout_ms"), j.getString("fallback"), j.getLong("blocked_thread_check_ms"),
        DriftSettings.fromJson(j.getJsonObject("drift")), blankToNull(j.getString("admin_api_key")),
        Boolean.parseBoolean(String.valueOf(j.getValue("metrics_enabled"))), j.getString("log_format"),
        ClusterSettings.fromJson(j.getJsonObject("cluster")),
        j.getInteger("max_in_flight") > 0 ? j.getInteger("max_in_flight") : 128 * (workers > 0 ? workers : cores),
        HTTP_DEFAULTS.copy().mergeIn(j.getJsonObject("http", new JsonObject())),
        Boolean.parseBoolean(String.valueOf(j.getValue("metrics_event_bus"))),
        Boolean.parseBoolean(String.valueOf(j.getValue("metrics_vertx"))),
        Boolean.parseBoolean(String.valueOf(j.getValue("metrics_vertx_pools"))),
        ScorerPlan.Mode.parse(j.getString("scorer")),
        CACHE_DEFAULTS.copy().mergeIn(j.getJsonObject("cache", new JsonObject())),
        dev.verdict.store.OutcomeSettings.fromJson(j.getJsonObject("outcomes")));
    if (c.cache.getLong("max_entries") < 0 || c.cache.getLong("max_bytes") < 0) {
      throw new IllegalArgumentException("cache.max_entries and cache.max_bytes must be >= 0");
    }
    if (!"text".equals(c.logFormat) && !"json".equals(c.logFormat)) {
      throw new IllegalArgumentException("log_format must be text or json");
    }
    if (c.port < 0 || c.port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (c.maxBatch < 1 || c.maxBodyBytes < 1024 || c.sendTimeoutMs < 1) {
      throw new IllegalArgumentException("max_batch >= 1, max_body_bytes >= 1024 and send_timeout_ms >= 1 required");
    }
    if (c.sendTimeoutMs >= c.requestTimeoutMs) {
      throw new IllegalArgumentException("send_timeout_ms must be shorter than request_timeout_ms");
    }
    return c;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** For the start-up log line; the admin API key is reported as set or not, never printed. */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("models_dir", modelsDir.toString())
        .put("default_model", defaultModel).put("workers", workers).put("http_instances", httpInstances)
        .put("max_body_bytes", maxBodyBytes).put("max_batch", maxBatch).put("send_timeout_ms", sendTimeoutMs)
        .put("request_timeout_ms", requestTimeoutMs).put("fallback", fallback)
        .put("blocked_thread_check_ms", blockedThreadCheckMs).put("drift", drift.toJson())
        .put("admin_api_key", adminApiKey == null ? "not set (admin endpoints disabled)" : "set")
        .put("metrics_enabled", metricsEnabled).put("log_format", logFormat).put("cluster", cluster.toJson())
        .put("max_in_flight", maxInFlight).put("metrics_event_bus", metricsEventBus).put("metrics_vertx", metricsVertx)
        .put("metrics_vertx_pools", metricsVertxPools).put("scorer", scorer.wire()).put("cache", cache.copy())
        .put("outcomes", outcomes.toJson())
        .put("http", http.copy()
            .put("tls_key_pem", http.getString("tls_key_pem", "").isBlank() ? "" : "(set)"));
  }
}
