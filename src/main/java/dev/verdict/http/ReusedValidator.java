package dev.verdict.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A schema repository that builds the validator of its (one) body schema once. vertx-web-validation asks its
 * repository for a new validator on every request, which copies the repository's schemas into a fresh lookup
 * (about 1.7% of server CPU at saturation, bench/profile.sh); the validator holds only final, read-only state,
 * so one per schema serves every request and every event loop. Everything else goes to the wrapped repository.
 *
 * <p>When the schema says nothing but {@code "type": "object"} or {@code "array"} (the manifest's schema then
 * runs as {@link CompiledSchema}), a body of that type is accepted here. vertx-json-schema's
 * {@code SchemaValidatorImpl.validate} is too big for HotSpot to compile without
 * {@code -XX:-DontCompileHugeMethods}, so even that one check ran interpreted on every request (2.7% of server
 * CPU). Any other body still goes to the library's validator, so every rejection and its message is the library's.
 */
final class ReusedValidator implements SchemaRepository {
  private final SchemaRepository repo;
  /** The last schema asked for and its validator, published together. */
  private volatile Built built;

  private record Built(JsonSchema schema, Validator validator) {
  }

  ReusedValidator(SchemaRepository repo) {
    this.repo = repo;
  }

  @Override
  public Validator validator(JsonSchema schema) {
    Built b = built;
    if (b == null || b.schema != schema) {
      b = new Built(schema, typeOnly(schema, repo.validator(schema)));
      built = b;
    }
    return b.validator;
  }

  /** The type check itself for a schema of one {@code type} keyword; otherwise {@code full}. */
  static Validator typeOnly(JsonSchema schema, Validator full) {
    // "$id" (the schema builder adds a urn) and "$schema" identify; "__"-prefixed keys are vertx-json-schema's
    // annotations. None of them asserts anything about the body.
    Set<String> keywords = schema.fieldNames().stream()
        .filter(k -> !k.startsWith("__") && !k.equals("$id") && !k.equals("$schema")).collect(Collectors.toSet());
    Object type = schema.get("type");
    Class<?> accepted = !keywords.equals(Set.of("type")) ? null
        : "object".equals(type) ? JsonObject.class : "array".equals(type) ? JsonArray.class : null;
    if (accepted == null) {
      return full;
    }
    return instance -> accepted.isInstance(instance) ? new OutputUnit(true) : full.validate(instance);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
    repo.dereference(schema);
    return this;
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
    repo.dereference(uri, schema);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    repo.preloadMetaSchema(fs);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    repo.preloadMetaSchema(fs, draft);
    return this;
  }

  @Override
  public Validator validator(String ref) {
    return repo.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return repo.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return repo.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return repo.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return repo.find(pointer);
  }
}
