package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compiled request check says what vertx-json-schema says, on both shipped models' schemas: every holdout
 * product, and seeded mutations of them (wrong types, out-of-range numbers, long and astral-plane strings,
 * missing and extra fields, integral doubles, huge integers).
 */
class CompiledSchemaTest {
  private static final Object[] ODD = {null, "", "x", "😀".repeat(150), "é".repeat(201), "a".repeat(2001), 0, -1,
      -0.5, 5, 5.0, 5.000001, 3.0, 3.5, 1e300, -1e300, 12345678901234567890.0, Long.MAX_VALUE,
      new java.math.BigInteger("123456789012345678901234567890"), true, false, new JsonObject(), new JsonArray(),
      new JsonArray().add(1), 4950, 47.5};

  /** The type-only fast path accepts what the library accepts and hands everything else to the library. */
  @Test
  void theTypeOnlyCheckSaysWhatTheLibrarySays() {
    Object[] bodies = {new JsonObject(), new JsonObject().put("title", "x"), new JsonArray(), new JsonArray().add(1),
        "x", 5, 5.5, true, null};
    for (String type : new String[] {"object", "array"}) {
      // as vertx-web-validation builds it from Bodies.json(...): the builder adds a "$id"
      JsonSchema schema = JsonSchema.of(io.vertx.json.schema.common.dsl.Schemas.schema()
          .fromJson(new JsonObject().put("type", type)).toJson());
      assertThat(schema.fieldNames()).contains("$id");
      schema.annotate("__absolute_uri__", "app:///test");
      Validator library = Validator.create(schema, RequestSchemas.options());
      Validator fast = ReusedValidator.typeOnly(schema, library);
      assertThat(fast).as("a type-only schema gets the fast path").isNotSameAs(library);
      for (Object body : bodies) {
        assertThat(fast.validate(body).getValid()).as(type + " / " + body).isEqualTo(library.validate(body).getValid());
      }
      assertThat(fast.validate("x").getValid()).isFalse();
    }
    JsonSchema wider = JsonSchema.of(new JsonObject().put("type", "object").put("required", new JsonArray().add("a")));
    Validator library = Validator.create(wider, RequestSchemas.options());
    assertThat(ReusedValidator.typeOnly(wider, library)).as("any other keyword: the library's validator").isSameAs(library);
  }

  @Test
  void agreesWithTheFullValidatorOnValidAndMutatedBodies() throws Exception {
    List<JsonObject> products = dev.verdict.Traffic.holdout(3);
    SplittableRandom r = new SplittableRandom(17);
    for (ModelVersion v : new ModelVersion[] {TestModels.product(), TestModels.penguins()}) {
      // A one-column-per-field model's requests are checked by its pipeline (RequestSchemas asks only for an
      // object), so its manifest's record schema stands in as a second schema to check the compiler on.
      JsonObject single = v.manifest().features().columnar() ? v.manifest().inputSchema() : RequestSchemas.single(v);
      // (a copy: the full validator marks up the schema it is given)
      JsonObject batchOf = new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", 100)
          .put("items", single.copy());
      for (JsonObject schema : new JsonObject[] {single, batchOf}) {
        boolean batch = "array".equals(schema.getString("type"));
        CompiledSchema compiled = CompiledSchema.compile(schema);
        assertThat(compiled).as("compilable: %s", schema.encode()).isNotNull();
        Validator full = Validator.create(JsonSchema.of(schema), RequestSchemas.options());
        List<String> fields = new ArrayList<>(v.pipeline().fieldNames());
        fields.add("features");
        fields.add("unknown_field");
        int valid = 0;
        int invalid = 0;
        int unsure = 0;
        for (int i = 0; i < 3000; i++) {
          JsonObject rec = v == TestModels.product() ? products.get(i % products.size()).copy()
              : new JsonObject().put("features", new JsonArray().add(47.5).add(15.0).add(218).add(4950));
          int mutations = i % 4 == 0 ? 0 : 1 + r.nextInt(2);
          for (int m = 0; m < mutations; m++) {
            String f = fields.get(r.nextInt(fields.size()));
            if (r.nextInt(6) == 0) {
              rec.remove(f);
            } else {
              rec.put(f, ODD[r.nextInt(ODD.length)]);
            }
          }
          Object body = batch ? new JsonArray().add(rec).add(i % 7 == 0 ? "not a record" : rec.copy()) : rec;
          if (batch && i % 11 == 0) {
            body = new JsonArray();
          }
          // through JSON text, so the values have the types Vert.x's decoder gives them
          Object decoded = Json.decodeValue(Json.encode(body));
          boolean want = full.validate(decoded).getValid();
          CompiledSchema.Result got = compiled.check(decoded);
          unsure += got == CompiledSchema.Result.UNSURE ? 1 : 0;
          if (got != CompiledSchema.Result.UNSURE) {
            assertThat(got == CompiledSchema.Result.VALID).as("%s on %s", schema.encode(), decoded).isEqualTo(want);
          }
          valid += want ? 1 : 0;
          invalid += want ? 0 : 1;
        }
        // every value here is of a type Vert.x's decoder produces, so the compiled check judges them all itself
        assertThat(unsure).isZero();
        assertThat(valid).isGreaterThan(50);
        assertThat(invalid).isGreaterThan(50);
      }
    }
  }

  @Test
  void aSchemaWithAKeywordItDoesNotKnowIsNotCompiled() {
    assertThat(CompiledSchema.compile(new JsonObject().put("type", "string").put("pattern", "^a"))).isNull();
    assertThat(CompiledSchema.compile(new JsonObject().put("properties", new JsonObject()
        .put("a", new JsonObject().put("format", "email"))))).isNull();
    assertThat(CompiledSchema.compile(new JsonObject().put("type", "object"))).isNotNull();
  }
}
