package dev.verdict.http;

import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * OpenAPI 3.1 description of this instance, built from the very schemas the request validator uses
 * ({@link RequestSchemas}, i.e. each model's manifest): what the docs say is what the server checks.
 */
final class OpenApiDocument {
  private OpenApiDocument() {
  }

  static JsonObject build(ModelRegistry registry, HttpSettings s) {
    JsonObject paths = new JsonObject();
    ModelVersion def = registry.get(s.defaultModel());
    if (def != null) {
      predictPaths(paths, "", def, s, "the default model (" + def.name() + ")");
    }
    for (ModelVersion v : registry.models().values()) {
      predictPaths(paths, "/models/" + v.name(), v, s, "model " + v.name() + " (its aliases route: stable or canary)");
      for (ModelVersion loaded : registry.slot(v.name()).versions().values()) {
        predictPaths(paths, "/models/" + v.name() + "/versions/" + loaded.version(), loaded, s,
            "model " + v.name() + " version " + loaded.version() + " (bypassing the aliases)");
      }
    }
    paths.put("/", get("Service name, version, models and endpoints", "Info", jsonResponse("Service description")));
    paths.put("/health", get("Seed-compatible health: 200 when the default model is loaded, else 503", "Health",
        jsonResponse("Healthy").put("503", ref("Error", "No model ready"))));
    paths.put("/health/live", get("Liveness (vertx-health-check)", "Health", jsonResponse("Up")));
    paths.put("/health/ready", get("Readiness: default model loaded, workers deployed", "Health",
        jsonResponse("Ready").put("503", jsonResponse("Not ready").getJsonObject("200"))));
    paths.put("/models", get("Served models: labels, input schemas, holdout metrics", "Models", jsonResponse("Models")));
    paths.put("/drift", get("Drift report of every served model", "Drift", jsonResponse("Drift report")));
    paths.put("/models/{name}/drift", get("Drift report of one model", "Drift", jsonResponse("Drift report")
        .put("404", ref("Error", "Unknown model"))).put("parameters", new JsonArray().add(nameParam())));
    JsonObject reset = new JsonObject().put("summary", "Clear drift windows and verdicts (admin)").put("tags", tags("Drift"))
        .put("security", new JsonArray().add(new JsonObject().put("ApiKey", new JsonArray())))
        .put("responses", jsonResponse("Reset").put("401", ref("Error", "Missing or wrong API key"))
            .put("403", ref("Error", "Admin endpoints disabled (no key configured)")));
    paths.put("/drift/reset", new JsonObject().put("post", reset));
    paths.put("/models/{name}", get("One model: aliases, loaded and rejected versions, schema, holdout metrics",
        "Models", jsonResponse("Model").put("404", ref("Error", "Unknown model")))
        .put("parameters", new JsonArray().add(nameParam())));
    JsonObject reload = admin("Re-read aliases.json; validate and load the versions it names, then switch traffic "
        + "atomically (admin)", jsonResponse("The model after the reload").put("404", ref("Error", "Unknown model"))
        .put("422", ref("Error", "A version failed validation; the model keeps serving what it served")));
    paths.put("/models/{name}/reload", new JsonObject().put("post", reload)
        .put("parameters", new JsonArray().add(nameParam())));
    JsonObject aliasBody = new JsonObject().put("type", "object").put("additionalProperties", false)
        .put("properties", new JsonObject().put("stable", new JsonObject().put("type", "string"))
            .put("canary", new JsonObject().put("type", "string"))
            .put("canary_weight", new JsonObject().put("type", "number").put("minimum", 0).put("maximum", 1))
            .put("shadow", new JsonObject().put("type", "string")));
    JsonObject aliases = admin("Point stable / canary (+ canary_weight) / shadow at loaded versions, at once; kept "
        + "in aliases.json (admin)", jsonResponse("The model's new aliases").put("404", ref("Error", "Unknown model"))
        .put("409", ref("Error", "A named version is not loaded")).put("422", ref("Error", "Invalid aliases")))
        .put("requestBody", new JsonObject().put("required", true).put("content", json(aliasBody)));
    paths.put("/models/{name}/aliases", new JsonObject().put("post", aliases)
        .put("parameters", new JsonArray().add(nameParam())));
    paths.put("/metrics", get("Prometheus exposition", "Observability", new JsonObject().put("200",
        new JsonObject().put("description", "Metrics").put("content", new JsonObject().put("text/plain",
            new JsonObject().put("schema", new JsonObject().put("type", "string")))))));
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "Verdict").put("version", s.version())
            .put("description", "Reactive model serving: LightGBM through DJL with Smile fallbacks and drift monitoring.")
            .put("license", new JsonObject().put("name", "GPL-3.0-or-later").put("identifier", "GPL-3.0-or-later")))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("schemas", new JsonObject().put("Error", errorSchema()).put("Prediction", predictionSchema()))
            .put("securitySchemes", new JsonObject().put("ApiKey", new JsonObject().put("type", "apiKey")
                .put("in", "header").put("name", "X-API-Key"))));
  }

  private static void predictPaths(JsonObject paths, String prefix, ModelVersion v, HttpSettings s, String who) {
    paths.put(prefix + "/predict", new JsonObject().put("post", operation("Score one record with " + who,
        RequestSchemas.single(v), ref("Prediction", "The prediction"))));
    paths.put(prefix + "/predict/batch", new JsonObject().put("post", operation("Score 1.." + s.maxBatch()
            + " records with " + who + " in one call; answers in input order", RequestSchemas.batch(v, s.maxBatch()),
        new JsonObject().put("description", "Predictions in input order").put("content", json(new JsonObject()
            .put("type", "object").put("properties", new JsonObject().put("predictions", new JsonObject()
                .put("type", "array").put("items", new JsonObject().put("$ref", "#/components/schemas/Prediction")))))))));
  }

  private static JsonObject admin(String summary, JsonObject responses) {
    return new JsonObject().put("summary", summary).put("tags", tags("Models"))
        .put("security", new JsonArray().add(new JsonObject().put("ApiKey", new JsonArray())))
        .put("responses", responses.put("401", ref("Error", "Missing or wrong API key"))
            .put("403", ref("Error", "Admin endpoints disabled (no key configured)")));
  }

  private static JsonObject operation(String summary, JsonObject body, JsonObject ok) {
    JsonArray params = new JsonArray()
        .add(new JsonObject().put("name", "explain").put("in", "query").put("schema", new JsonObject()
            .put("type", "boolean")).put("description", "Add an explanation by the model that answered: per input"
            + " field terms of the predicted class's score (TreeSHAP log-odds for LightGBM), its bias, the top inputs"))
        .add(new JsonObject().put("name", "explain_class").put("in", "query").put("schema", new JsonObject()
            .put("type", "string")).put("description", "With explain=true: explain this label instead"));
    return new JsonObject().put("summary", summary).put("tags", tags("Predict")).put("parameters", params)
        .put("requestBody", new JsonObject().put("required", true).put("content", json(body)))
        .put("responses", new JsonObject().put("200", ok)
            .put("400", ref("Error", "Body is not valid JSON"))
            .put("404", ref("Error", "Unknown model"))
            .put("413", ref("Error", "Body over the size limit"))
            .put("415", ref("Error", "Content-Type is not application/json"))
            .put("422", ref("Error", "Input does not match the model's schema; details name every field"))
            .put("503", ref("Error", "No model ready, or the request timed out"))
            .put("504", ref("Error", "No worker answered within the send timeout")));
  }

  private static JsonObject get(String summary, String tag, JsonObject responses) {
    return new JsonObject().put("get", new JsonObject().put("summary", summary).put("tags", tags(tag))
        .put("responses", responses));
  }

  private static JsonObject jsonResponse(String description) {
    return new JsonObject().put("200", new JsonObject().put("description", description)
        .put("content", json(new JsonObject().put("type", "object"))));
  }

  private static JsonObject ref(String schema, String description) {
    return new JsonObject().put("description", description)
        .put("content", json(new JsonObject().put("$ref", "#/components/schemas/" + schema)));
  }

  private static JsonObject json(JsonObject schema) {
    return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
  }

  private static JsonArray tags(String t) {
    return new JsonArray().add(t);
  }

  private static JsonObject nameParam() {
    return new JsonObject().put("name", "name").put("in", "path").put("required", true)
        .put("schema", new JsonObject().put("type", "string"));
  }

  private static JsonObject errorSchema() {
    JsonObject detail = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("field", new JsonObject().put("type", "string")).put("message", new JsonObject().put("type", "string")));
    return new JsonObject().put("type", "object").put("required", new JsonArray().add("error"))
        .put("properties", new JsonObject().put("error", new JsonObject().put("type", "string"))
            .put("details", new JsonObject().put("type", "array").put("items", detail)));
  }

  private static JsonObject predictionSchema() {
    JsonObject model = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("name", new JsonObject().put("type", "string")).put("version", new JsonObject().put("type", "string"))
        .put("path", new JsonObject().put("enum", new JsonArray().add("primary").add("fallback").add("default")))
        .put("fallback", new JsonObject().put("type", "string")).put("reason", new JsonObject().put("type", "string")));
    return new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("prediction").add("probabilities").add("confidence").add("model"))
        .put("properties", new JsonObject()
            .put("prediction", new JsonObject().put("type", "string"))
            .put("probabilities", new JsonObject().put("type", "object")
                .put("additionalProperties", new JsonObject().put("type", "number")))
            .put("confidence", new JsonObject().put("type", "number").put("minimum", 0).put("maximum", 1))
            .put("model", model)
            .put("explanation", new JsonObject().put("type", "object").put("description", "With ?explain=true: "
                + "{class, model, method, scale, bias, contributions: {field: sum}, top: [{field, token, contribution, "
                + "collision?}]}; rules: {class, model, rules: [{token, class, precision, support, vote}]}; a blend: "
                + "{class, blend, parts: [..]}; the training prior: {class, available: false, reason}")
                .put("properties", new JsonObject().put("class", new JsonObject().put("type", "string"))
                    .put("model", new JsonObject().put("type", "string"))
                    .put("scale", new JsonObject().put("type", "string"))
                    .put("bias", new JsonObject().put("type", "number"))
                    .put("contributions", new JsonObject().put("type", "object")
                        .put("additionalProperties", new JsonObject().put("type", "number")))
                    .put("top", new JsonObject().put("type", "array"))
                    .put("rules", new JsonObject().put("type", "array"))
                    .put("parts", new JsonObject().put("type", "array"))
                    .put("available", new JsonObject().put("type", "boolean")))))
        .put("description", "Also carries the label under the model's label field name (e.g. \"category\", \"species\")."
            + " Header X-Verdict-Cache: hit | miss when the response cache is on.");
  }
}
