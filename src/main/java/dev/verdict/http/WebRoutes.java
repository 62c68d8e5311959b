package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code /openapi.json}, {@code /docs} (Swagger UI from its webjar, served locally) and {@code /dashboard}
 * (a self-contained page over {@code /drift} and {@code /metrics}). Files are served by Vert.x's
 * StaticHandler (asynchronous file access, never on the event loop).
 */
final class WebRoutes {
  private WebRoutes() {
  }

  static void mount(Vertx vertx, Router router, ModelRegistry registry, HttpSettings s) {
    Buffer openapi = OpenApiDocument.build(registry, s).toBuffer();
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(openapi));
    router.get("/docs").handler(ctx -> ctx.reroute("/web/docs.html"));
    router.get("/dashboard").handler(ctx -> ctx.reroute("/web/dashboard.html"));
    router.get("/web/*").handler(StaticHandler.create("web").setCachingEnabled(true).setMaxAgeSeconds(60));
    router.get("/docs/assets/*").handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/"
        + s.swaggerUiVersion()).setCachingEnabled(true).setMaxAgeSeconds(3600));
  }
}
