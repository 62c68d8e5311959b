package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.model.ModelVersion;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaWarmupTest {
  private static List<ModelVersion> shipped() throws Exception {
    return List.of(ModelVersion.open(Path.of("models/product-classifier/1")), ModelVersion.open(Path.of("models/penguins/1")));
  }

  @Test
  void sampleBodiesPassTheValidatorOfTheirModel() throws Exception {
    for (ModelVersion v : shipped()) {
      Validator validator = Validator.create(JsonSchema.of(RequestSchemas.single(v)), new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012).setBaseUri("app://").setOutputFormat(OutputFormat.Basic));
      assertThat(validator.validate(SchemaWarmup.sample(v)).getValid()).as(v.name()).isTrue();
      // the sample names every field, so validation walks every property's branch
      assertThat(SchemaWarmup.sample(v).fieldNames()).hasSize(v.manifest().features().fields().size());
    }
  }

  @Test
  void runsTheRequestedValidationsUnderTheStartFlag() throws Exception {
    // surefire passes -XX:-DontCompileHugeMethods, as the start command does
    assertThat(SchemaWarmup.run(shipped(), 2_000)).isEqualTo(2_000);
    assertThat(SchemaWarmup.run(List.of(), 2_000)).isZero();
  }
}
