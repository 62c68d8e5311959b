package dev.verdict.http;

import io.vertx.core.json.JsonObject;

/**
 * The {@code http} section, typed: transport limits, TLS, CORS, the per-client limits and the gRPC port. Read once
 * from the configuration (whose defaults are the only defaults), never by string key on the request path.
 */
public record HttpTransport(int maxHeaderBytes, int maxUrlLength, int idleTimeoutS, String corsOrigins,
                            String tlsCertPem, String tlsKeyPem, int rateLimitPerS, int rateLimitBurst,
                            int maxConnectionsPerClient, int grpcPort) {

  /** From the merged {@code http} section (VerdictConfig fills every key). */
  public static HttpTransport fromJson(JsonObject h) {
    return new HttpTransport(h.getInteger("max_header_bytes"), h.getInteger("max_url_length"),
        h.getInteger("idle_timeout_s"), h.getString("cors_origins"), h.getString("tls_cert_pem"),
        h.getString("tls_key_pem"), h.getInteger("rate_limit_per_s"), h.getInteger("rate_limit_burst"),
        h.getInteger("max_connections_per_client"), h.getInteger("grpc_port"));
  }

  public boolean tls() {
    return !tlsCertPem.isBlank() || !tlsKeyPem.isBlank();
  }
}
