package dev.verdict.http;

/** What the HTTP verticle needs from the configuration. {@code adminApiKey} null = admin routes disabled. */
public record HttpSettings(String host, int port, String defaultModel, int maxBodyBytes, int maxBatch,
                           long sendTimeoutMs, long requestTimeoutMs, int workers, String version,
                           String adminApiKey, int maxInFlight, io.vertx.core.json.JsonObject http,
                           String swaggerUiVersion, long cacheMaxEntries, long cacheMaxBytes) {
}
