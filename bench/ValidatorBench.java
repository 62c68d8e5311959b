// What one JSON-schema validation of a product body costs in process (vertx-json-schema, the validator
// vertx-web-validation uses), with and without HotSpot's huge-method limit:
//   java -cp target/verdict.jar bench/ValidatorBench.java
//   java -XX:-DontCompileHugeMethods -cp target/verdict.jar bench/ValidatorBench.java
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;

public class ValidatorBench {
  public static void main(String[] args) throws Exception {
    JsonObject schema = new JsonObject(Files.readString(Path.of("models/product-classifier/1/manifest.json")))
        .getJsonObject("schema");
    JsonObject body = new JsonObject("{\"title\": \"Apple iPhone 15 Pro Max\", \"seller_id\": \"seller_123\","
        + " \"brand\": \"Apple\", \"subcategory\": \"Smartphones\", \"price\": 1299.99, \"rating\": 4.8,"
        + " \"reviews_count\": 15234}");
    Validator v = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("app://").setOutputFormat(OutputFormat.Flag));
    for (int round = 1; round <= 5; round++) {
      int n = 200_000;
      boolean valid = true;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        valid &= v.validate(body).getValid();
      }
      System.out.printf("round %d: %.2f us per validation (valid=%s)%n", round, (System.nanoTime() - t0) / 1e3 / n, valid);
    }
  }
}
