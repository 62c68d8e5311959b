package dev.verdict.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request schemas Verdict derives from a manifest, compiled to plain Java checks. Why: vertx-json-schema's
 * validator is one method over HotSpot's 8,000-byte compile limit, so under a plain {@code java -jar} it runs
 * interpreted on every request body (18 µs against 4.7 µs compiled, {@code bench/ValidatorBench.java}).
 *
 * <p>Only the keywords below compile; a schema with any other keyword does not, and its routes keep the full
 * validator. Semantics follow vertx-json-schema's (integer = a number with no fraction, lengths in code points,
 * bounds compared as doubles); {@code CompiledSchemaTest} checks the two agree on valid and hostile bodies.
 * A value of a Java type the check does not know answers {@link Result#UNSURE}, and the caller asks the
 * full validator.
 */
final class CompiledSchema {
  enum Result { VALID, INVALID, UNSURE }

  private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "minLength", "maxLength",
      "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems", "anyOf",
      "additionalProperties", "description", "title", "examples", "default");

  private final List<String> types;
  private final Map<String, CompiledSchema> properties;
  private final List<String> required;
  private final Boolean additionalProperties;
  private final Integer minLength;
  private final Integer maxLength;
  private final Double minimum;
  private final Double maximum;
  private final Double exclusiveMinimum;
  private final Double exclusiveMaximum;
  private final CompiledSchema items;
  private final Integer minItems;
  private final Integer maxItems;
  private final List<CompiledSchema> anyOf;

  private CompiledSchema(JsonObject s) {
    Object t = s.getValue("type");
    types = t == null ? null : t instanceof JsonArray a ? a.stream().map(String::valueOf).toList() : List.of((String) t);
    JsonObject props = s.getJsonObject("properties");
    properties = props == null ? null : new LinkedHashMap<>();
    if (props != null) {
      props.forEach(e -> properties.put(e.getKey(), new CompiledSchema((JsonObject) e.getValue())));
    }
    JsonArray req = s.getJsonArray("required");
    required = req == null ? List.of() : req.stream().map(String::valueOf).toList();
    additionalProperties = s.getBoolean("additionalProperties");
    minLength = s.getInteger("minLength");
    maxLength = s.getInteger("maxLength");
    minimum = s.getDouble("minimum");
    maximum = s.getDouble("maximum");
    exclusiveMinimum = s.getDouble("exclusiveMinimum");
    exclusiveMaximum = s.getDouble("exclusiveMaximum");
    items = s.getJsonObject("items") == null ? null : new CompiledSchema(s.getJsonObject("items"));
    minItems = s.getInteger("minItems");
    maxItems = s.getInteger("maxItems");
    JsonArray any = s.getJsonArray("anyOf");
    anyOf = any == null ? null : new ArrayList<>();
    if (any != null) {
      any.forEach(o -> anyOf.add(new CompiledSchema((JsonObject) o)));
    }
  }

  /** The compiled form, or null when the schema uses a keyword (or a shape) this class does not compile. */
  static CompiledSchema compile(JsonObject schema) {
    return compilable(schema) ? new CompiledSchema(schema) : null;
  }

  private static boolean compilable(Object o) {
    if (!(o instanceof JsonObject s) || !KEYWORDS.containsAll(s.fieldNames())) {
      return false;
    }
    Object t = s.getValue("type");
    if (t != null && !(t instanceof String) && !(t instanceof JsonArray)) {
      return false;
    }
    if (s.containsKey("additionalProperties") && !(s.getValue("additionalProperties") instanceof Boolean)) {
      return false;
    }
    for (String k : new String[] {"minLength", "maxLength", "minItems", "maxItems"}) {
      if (s.containsKey(k) && !(s.getValue(k) instanceof Integer)) {
        return false;
      }
    }
    for (String k : new String[] {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}) {
      if (s.containsKey(k) && !(s.getValue(k) instanceof Number)) {
        return false;
      }
    }
    JsonObject props = s.getJsonObject("properties");
    if (props != null && !props.stream().allMatch(e -> compilable(e.getValue()))) {
      return false;
    }
    if (s.containsKey("items") && !compilable(s.getValue("items"))) {
      return false;
    }
    return !s.containsKey("anyOf") || s.getJsonArray("anyOf").stream().allMatch(CompiledSchema::compilable);
  }

  Result check(Object v) {
    String type = typeOf(v);
    if (type == null) {
      return Result.UNSURE;
    }
    if (types != null && !typeMatches(type, v)) {
      return Result.INVALID;
    }
    Result r = Result.VALID;
    switch (type) {
      case "string" -> {
        String s = (String) v;
        int len = minLength == null && maxLength == null ? 0 : s.codePointCount(0, s.length());
        if ((minLength != null && len < minLength) || (maxLength != null && len > maxLength)) {
          return Result.INVALID;
        }
      }
      case "number" -> {
        double d = ((Number) v).doubleValue();
        if ((minimum != null && d < minimum) || (maximum != null && d > maximum)
            || (exclusiveMinimum != null && d <= exclusiveMinimum) || (exclusiveMaximum != null && d >= exclusiveMaximum)) {
          return Result.INVALID;
        }
      }
      case "object" -> r = object(v);
      case "array" -> r = array(v);
      default -> {
      }
    }
    if (r == Result.VALID && anyOf != null) {
      boolean unsure = false;
      for (CompiledSchema s : anyOf) {
        Result a = s.check(v);
        if (a == Result.VALID) {
          return Result.VALID;
        }
        unsure |= a == Result.UNSURE;
      }
      return unsure ? Result.UNSURE : Result.INVALID;
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private Result object(Object v) {
    Map<String, Object> m = v instanceof JsonObject j ? j.getMap() : (Map<String, Object>) v;
    for (String k : required) {
      if (!m.containsKey(k)) {
        return Result.INVALID;
      }
    }
    Result r = Result.VALID;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      CompiledSchema p = properties == null ? null : properties.get(e.getKey());
      if (p == null) {
        if (Boolean.FALSE.equals(additionalProperties)) {
          return Result.INVALID;
        }
        continue;
      }
      Result pr = p.check(e.getValue());
      if (pr == Result.INVALID) {
        return pr;
      }
      if (pr == Result.UNSURE) {
        r = pr;
      }
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private Result array(Object v) {
    List<Object> list = v instanceof JsonArray a ? a.getList() : (List<Object>) v;
    if ((minItems != null && list.size() < minItems) || (maxItems != null && list.size() > maxItems)) {
      return Result.INVALID;
    }
    Result r = Result.VALID;
    if (items != null) {
      for (Object o : list) {
        Result ir = items.check(o);
        if (ir == Result.INVALID) {
          return ir;
        }
        if (ir == Result.UNSURE) {
          r = ir;
        }
      }
    }
    return r;
  }

  private boolean typeMatches(String type, Object v) {
    for (String t : types) {
      if (t.equals(type) || ("integer".equals(t) && "number".equals(type) && isInteger(v))) {
        return true;
      }
    }
    return false;
  }

  /** JSON type of a value Vert.x's JSON decoder produces; null for anything else. */
  private static String typeOf(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof BigInteger) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof JsonObject || v instanceof Map) {
      return "object";
    }
    return v instanceof JsonArray || v instanceof List ? "array" : null;
  }

  private static boolean isInteger(Object v) {
    return v instanceof Double d ? d % 1 == 0 : true;
  }
}
