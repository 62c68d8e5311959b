package dev.verdict.features;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The one feature pipeline: {@code train}, {@code evaluate}, {@code features} and the server all turn
 * records into vectors here, driven by the {@link FeatureSpec} stored in the model's manifest.
 * Thread-safe; each thread reuses its own scratch buffer.
 */
public final class FeaturePipeline {
  private final FeatureSpec spec;
  private final int[] offsets;
  private final int[] crossOffsets;
  private final int size;
  private final List<FeatureGroup> groups;
  private final ThreadLocal<SparseAccumulator> scratch;
  private final RecordNames names;

  public FeaturePipeline(FeatureSpec spec) {
    this.spec = spec;
    this.offsets = new int[spec.fields().size()];
    this.crossOffsets = new int[spec.crosses().size()];
    List<FeatureGroup> g = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < offsets.length; i++) {
      FieldSpec f = spec.fields().get(i);
      offsets[i] = at;
      if (FieldSpec.TEXT.equals(f.type())) {
        g.add(new FeatureGroup(f.name(), "hashed", at, f.buckets()));
        g.add(new FeatureGroup(f.name() + "_tokens", "length", at + f.buckets(), 1));
      } else {
        g.add(new FeatureGroup(f.name(), f.isHashed() ? "hashed" : "numeric", at, f.width()));
      }
      at += f.width();
    }
    for (int i = 0; i < crossOffsets.length; i++) {
      CrossSpec c = spec.crosses().get(i);
      crossOffsets[i] = at;
      g.add(new FeatureGroup(c.name(), "hashed", at, c.buckets()));
      at += c.buckets();
    }
    this.size = at;
    this.groups = Collections.unmodifiableList(g);
    this.scratch = ThreadLocal.withInitial(() -> new SparseAccumulator(size));
    this.names = new RecordNames(spec.fields());
  }

  public FeatureSpec spec() {
    return spec;
  }

  public int size() {
    return size;
  }

  public List<FeatureGroup> groups() {
    return groups;
  }

  /** Every problem with the record, field by field; empty when it can be encoded. */
  public List<FieldError> validate(Map<String, ?> record) {
    return FieldRules.validate(spec, record);
  }

  /** The column value of a category: its code; an unseen one (or null) is missing, as pandas codes it -1 → NaN. */
  private static double categoryCode(FieldSpec f, Object v) {
    if (v instanceof String s) {
      int code = f.categories().indexOf(s);
      return code < 0 ? Double.NaN : code;
    }
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  /**
   * Validates, then encodes a table row: columns that are no field (a label, an id) are ignored, and a DataFrame
   * column name LightGBM rewrote counts for its field. Requests go through {@link #encodeRecord}, which refuses
   * unknown keys. @throws InvalidInputException naming every offending field
   */
  public FeatureVector encode(Map<String, ?> record) {
    return encodeInto(scratch.get(), record == null ? null : names.lenient(record), null);
  }

  /**
   * Which inputs of this record made each column: column → [field, token] pairs, from the same code that
   * encodes it (a text column may hold several tokens when their hashes collide). For explanations.
   */
  public Map<Integer, List<String[]>> sources(Map<String, ?> record) {
    Map<Integer, List<String[]>> out = new java.util.TreeMap<>();
    encodeInto(scratch.get(), names.lenient(record), out);
    return out;
  }

  private FeatureVector encodeInto(SparseAccumulator acc, Map<String, ?> record, Map<Integer, List<String[]>> sources) {
    List<FieldError> errors = validate(record);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    for (int i = 0; i < offsets.length; i++) {
      FieldSpec f = spec.fields().get(i);
      Object v = FieldRules.missingAsNull(record.get(f.name()));
      switch (f.type()) {
        case FieldSpec.TEXT -> encodeText(acc, offsets[i], f, (String) v, sources);
        case FieldSpec.CATEGORICAL -> {
          if (v != null) {
            int col = offsets[i] + bucket(f.name() + "=" + normalise((String) v), f.buckets());
            acc.add(col, 1.0);
            if (sources != null) {
              note(sources, col, f.name(), normalise((String) v));
            }
          }
        }
        case FieldSpec.CATEGORY -> {
          acc.set(offsets[i], categoryCode(f, v));
          if (sources != null) {
            note(sources, offsets[i], f.name(), v == null ? "(missing)" : String.valueOf(v));
          }
        }
        default -> {
          acc.set(offsets[i], v == null ? Double.NaN : transform(f, ((Number) v).doubleValue()));
          if (sources != null) {
            note(sources, offsets[i], f.name(),
                v == null ? "(missing)" : FieldRules.fmt(((Number) v).doubleValue()));
          }
        }
      }
    }
    for (int i = 0; i < crossOffsets.length; i++) {
      CrossSpec c = spec.crosses().get(i);
      Object cat = record.get(c.categorical());
      Object num = record.get(c.number());
      if (cat != null && num != null) {
        int range = c.rangeOf(((Number) num).doubleValue());
        int col = crossOffsets[i] + bucket(c.name() + "=" + normalise((String) cat) + "|" + range, c.buckets());
        acc.add(col, 1.0);
        if (sources != null) {
          note(sources, col, c.name(), normalise((String) cat) + " | " + c.number() + " in ["
              + (range == 0 ? "-inf" : FieldRules.fmt(c.edges()[range - 1])) + ", "
              + (range == c.edges().length ? "inf" : FieldRules.fmt(c.edges()[range])) + ")");
        }
      }
    }
    return acc.drain();
  }

  private static void note(Map<Integer, List<String[]>> sources, int col, String field, String token) {
    List<String[]> at = sources.computeIfAbsent(col, k -> new ArrayList<>());
    if (at.stream().noneMatch(t -> t[0].equals(field) && t[1].equals(token))) {
      at.add(new String[] {field, token});
    }
  }

  /**
   * Encodes one request record: named fields (a DataFrame column name LightGBM rewrote is accepted for its
   * field), or for one-column-per-field models {@code {"features": [..]}} in field order. Unlike {@link #encode},
   * which reads training tables with their label columns, a key that names no field is an error here.
   *
   * @throws InvalidInputException naming every offending field
   */
  public FeatureVector encodeRecord(Object record) {
    if (!(record instanceof Map<?, ?> map)) {
      throw new InvalidInputException(List.of(new FieldError("", "must be a JSON object")));
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> r = (Map<String, ?>) map;
    if (spec.columnar() && r.size() == 1 && spec.field(POSITIONAL) == null && r.containsKey(POSITIONAL)) {
      List<?> positional = positional(r.get(POSITIONAL));
      if (positional == null) {
        throw new InvalidInputException(List.of(new FieldError(POSITIONAL, "must be an array")));
      }
      return encodePositional(positional);
    }
    List<FieldError> errors = new ArrayList<>();
    Map<String, ?> named = names.resolve(r, errors);
    if (!errors.isEmpty()) {
      if (errors.stream().noneMatch(e -> "$".equals(e.field()))) {
        errors.addAll(validate(named));
      }
      throw new InvalidInputException(errors);
    }
    return encode(named);
  }

  /** The key of a positional record. */
  public static final String POSITIONAL = "features";

  /**
   * Every problem {@link #encodeRecord} would report, found without encoding: the request door runs it once on
   * the event loop and answers a 422 naming every offending field; empty when the record can be scored.
   */
  public List<FieldError> check(Object record) {
    if (!(record instanceof Map<?, ?> map)) {
      return List.of(new FieldError("", "must be a JSON object"));
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> r = (Map<String, ?>) map;
    if (spec.columnar() && r.size() == 1 && spec.field(POSITIONAL) == null && r.containsKey(POSITIONAL)) {
      List<?> positional = positional(r.get(POSITIONAL));
      if (positional == null) {
        return List.of(new FieldError(POSITIONAL, "must be an array"));
      }
      if (positional.size() != spec.fields().size()) {
        return List.of(new FieldError(POSITIONAL, "must hold exactly " + spec.fields().size() + " values ("
            + fieldNames() + ")"));
      }
      Map<String, Object> named = new java.util.LinkedHashMap<>();
      for (int i = 0; i < positional.size(); i++) {
        named.put(spec.fields().get(i).name(), positional.get(i));
      }
      return validate(named);
    }
    List<FieldError> errors = new ArrayList<>();
    Map<String, ?> named = names.resolve(r, errors);
    if (errors.stream().noneMatch(e -> "$".equals(e.field()))) {
      errors.addAll(validate(named));
    }
    return errors;
  }

  /** JSON arrays arrive as lists from most parsers, or as other iterables (e.g. Vert.x's JsonArray). */
  private static List<?> positional(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(out::add);
      return out;
    }
    return null;
  }

  /** Encodes an all-numeric model's positional vector, in schema order. */
  public FeatureVector encodePositional(List<?> values) {
    if (!spec.columnar()) {
      throw new InvalidInputException(List.of(new FieldError("features",
          "this model takes named fields, not a positional features array")));
    }
    if (values.size() != spec.fields().size()) {
      throw new InvalidInputException(List.of(new FieldError("features",
          "must hold exactly " + spec.fields().size() + " values (" + fieldNames() + ")")));
    }
    Map<String, Object> record = new java.util.LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      record.put(spec.fields().get(i).name(), values.get(i));
    }
    return encode(record);
  }

  public List<String> fieldNames() {
    return spec.fields().stream().map(FieldSpec::name).toList();
  }

  /** The text tokens the pipeline sees for a field value, for rule learning and drift. */
  public List<String> tokens(String text) {
    return Tokenizer.tokens(text, spec.maxTokens());
  }

  private void encodeText(SparseAccumulator acc, int offset, FieldSpec f, String text,
                          Map<Integer, List<String[]>> sources) {
    List<String> toks = tokens(text);
    String prev = null;
    for (String t : toks) {
      int word = offset + bucket("w:" + t, f.buckets());
      acc.add(word, 1.0);
      if (sources != null) {
        note(sources, word, f.name(), t);
      }
      if (spec.prefix() > 0 && t.codePointCount(0, t.length()) > spec.prefix()) {
        String pre = t.substring(0, t.offsetByCodePoints(0, spec.prefix()));
        int col = offset + bucket("p:" + pre, f.buckets());
        acc.add(col, 1.0);
        if (sources != null) {
          note(sources, col, f.name(), pre + "…");
        }
      }
      if (spec.ngrams() >= 2 && prev != null) {
        int col = offset + bucket("b:" + prev + " " + t, f.buckets());
        acc.add(col, 1.0);
        if (sources != null) {
          note(sources, col, f.name(), prev + " " + t);
        }
      }
      prev = t;
    }
    acc.set(offset + f.buckets(), toks.size());
    if (sources != null) {
      note(sources, offset + f.buckets(), f.name(), "(" + toks.size() + " tokens)");
    }
  }

  private static String normalise(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  private static double transform(FieldSpec f, double v) {
    return "log1p".equals(f.transform()) ? Math.log1p(Math.max(v, 0.0)) : v;
  }

  /** MurmurHash3 (x86, 32-bit) of the UTF-8 bytes: the same bucket on every JVM and machine. */
  int bucket(String key, int buckets) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    return Math.floorMod(MurmurHash3.hash32x86(b, 0, b.length, spec.seed()), buckets);
  }
}
