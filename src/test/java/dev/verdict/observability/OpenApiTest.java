package dev.verdict.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.SharedServer;
import dev.verdict.TestModels;
import dev.verdict.http.RequestSchemas;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** /openapi.json documents exactly the schemas the validator enforces; /docs and /dashboard are served locally. */
class OpenApiTest extends SharedServer {
  private static JsonObject requestSchema(JsonObject doc, String path) {
    return doc.getJsonObject("paths").getJsonObject(path).getJsonObject("post").getJsonObject("requestBody")
        .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
  }

  @Test
  void requestSchemasAreTheValidatorsOwn() throws Exception {
    JsonObject doc = new JsonObject(server.get("/openapi.json").body());
    assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
    assertThat(requestSchema(doc, "/predict")).isEqualTo(RequestSchemas.single(TestModels.product()));
    assertThat(requestSchema(doc, "/predict/batch")).isEqualTo(RequestSchemas.batch(TestModels.product(), 100));
    assertThat(requestSchema(doc, "/models/penguins/predict")).isEqualTo(RequestSchemas.single(TestModels.penguins()));
    assertThat(doc.getJsonObject("paths").fieldNames()).contains("/", "/health", "/health/live", "/health/ready",
        "/models", "/drift", "/models/{name}/drift", "/drift/reset", "/metrics", "/models/product-classifier/predict/batch");
    assertThat(doc.getJsonObject("paths").getJsonObject("/predict").getJsonObject("post").getJsonObject("responses")
        .fieldNames()).contains("200", "400", "413", "415", "422", "503", "504");
  }

  @Test
  void docsAndDashboardAreServedWithoutExternalAssets() throws Exception {
    var docs = server.get("/docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("/docs/assets/swagger-ui-bundle.js").doesNotContain("https://");
    assertThat(server.get("/docs/assets/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    assertThat(server.get("/docs/assets/swagger-ui.css").statusCode()).isEqualTo(200);
    var dash = server.get("/dashboard");
    assertThat(dash.statusCode()).isEqualTo(200);
    assertThat(dash.body()).contains("fetch(\"/drift\")").contains("fetch(\"/metrics\")")
        .contains("/performance`)").doesNotContain("https://");
  }
}
