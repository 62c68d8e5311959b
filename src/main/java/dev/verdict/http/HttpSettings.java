package dev.verdict.http;

/**
 * What the HTTP verticle needs from the configuration. {@code adminApiKey} null = admin routes disabled;
 * {@code outcomes} null = no prediction log (answers from the response cache are logged on the event loop).
 */
public record HttpSettings(String host, int port, String defaultModel, int maxBodyBytes, int maxBatch,
                           long sendTimeoutMs, long requestTimeoutMs, int workers, String version,
                           String adminApiKey, int maxInFlight, HttpTransport http,
                           String swaggerUiVersion, long cacheMaxEntries, long cacheMaxBytes,
                           dev.verdict.store.OutcomeSettings outcomes) {
}
