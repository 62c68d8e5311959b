package dev.verdict.train;

import dev.verdict.features.FeatureSpec;
import dev.verdict.features.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shifted conditions a fallback is measured on: seeded perturbations of labelled records, driven by the
 * feature spec (which fields are text, categories, numbers, optional). The trainer's shift suite, {@code
 * evaluate} and the drift-stream benchmark all build their shifted rows here.
 */
public final class Shifts {
  public static final String CLEAN = "clean";

  /** One named perturbation; {@code apply} returns a new record and leaves its input alone. */
  public record Shift(String name, String description, Perturb apply) {
  }

  @FunctionalInterface
  public interface Perturb {
    Map<String, Object> apply(Map<String, Object> record, Random rnd);
  }

  private Shifts() {
  }

  /** The suite for a spec: only shifts that change something this spec's records carry. */
  public static List<Shift> suite(FeatureSpec spec) {
    List<Shift> out = new ArrayList<>();
    out.add(new Shift(CLEAN, "the rows as they are", (r, rnd) -> new LinkedHashMap<>(r)));
    boolean text = spec.fields().stream().anyMatch(f -> FieldSpec.TEXT.equals(f.type()));
    boolean cats = spec.fields().stream().anyMatch(f -> FieldSpec.CATEGORICAL.equals(f.type()));
    boolean optional = spec.fields().stream().anyMatch(f -> !f.required());
    boolean scalable = spec.fields().stream().anyMatch(f -> f.isNumeric() && f.max() == null);
    if (text) {
      out.add(new Shift("words-dropped-50", "half of the text's words dropped", (r, rnd) -> dropWords(spec, r, rnd, 0.5)));
      out.add(new Shift("words-dropped-75", "three words in four dropped (short titles)",
          (r, rnd) -> dropWords(spec, r, rnd, 0.75)));
      out.add(new Shift("typos-8", "8% of letters mistyped", (r, rnd) -> typos(spec, r, rnd, 0.08)));
    }
    if (optional) {
      out.add(new Shift("optional-missing", "every optional field left out", (r, rnd) -> dropOptional(spec, r)));
    }
    if (scalable) {
      out.add(new Shift("numbers-x10", "unbounded numbers ×10", (r, rnd) -> scale(spec, r, 10)));
      out.add(new Shift("numbers-x1000", "unbounded numbers ×1000 (far out of range)", (r, rnd) -> scale(spec, r, 1000)));
    }
    if (cats) {
      out.add(new Shift("unseen-categories", "categories replaced by values never seen",
          (r, rnd) -> unseenCategories(spec, r, rnd)));
    }
    return out;
  }

  public static Shift named(FeatureSpec spec, String name) {
    return suite(spec).stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown shift: " + name));
  }

  public static Map<String, Object> dropWords(FeatureSpec spec, Map<String, Object> r, Random rnd, double p) {
    Map<String, Object> out = new LinkedHashMap<>(r);
    for (FieldSpec f : spec.fields()) {
      if (FieldSpec.TEXT.equals(f.type()) && r.get(f.name()) instanceof String s) {
        String[] words = s.trim().split("\\s+");
        List<String> kept = new ArrayList<>();
        for (String w : words) {
          if (rnd.nextDouble() >= p) {
            kept.add(w);
          }
        }
        if (kept.isEmpty()) {
          kept.add(words[rnd.nextInt(words.length)]);
        }
        out.put(f.name(), String.join(" ", kept));
      }
    }
    return out;
  }

  public static Map<String, Object> typos(FeatureSpec spec, Map<String, Object> r, Random rnd, double p) {
    Map<String, Object> out = new LinkedHashMap<>(r);
    for (FieldSpec f : spec.fields()) {
      if (FieldSpec.TEXT.equals(f.type()) && r.get(f.name()) instanceof String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          b.append(Character.isLetter(c) && rnd.nextDouble() < p ? (char) ('a' + rnd.nextInt(26)) : c);
        }
        out.put(f.name(), b.toString());
      }
    }
    return out;
  }

  static Map<String, Object> dropOptional(FeatureSpec spec, Map<String, Object> r) {
    Map<String, Object> out = new LinkedHashMap<>(r);
    spec.fields().stream().filter(f -> !f.required()).forEach(f -> out.remove(f.name()));
    return out;
  }

  static Map<String, Object> scale(FeatureSpec spec, Map<String, Object> r, double factor) {
    Map<String, Object> out = new LinkedHashMap<>(r);
    for (FieldSpec f : spec.fields()) {
      if (f.isNumeric() && f.max() == null && r.get(f.name()) instanceof Number n) {
        double v = n.doubleValue() * factor;
        out.put(f.name(), FieldSpec.INTEGER.equals(f.type()) ? (Object) Math.round(v) : (Object) v);
      }
    }
    return out;
  }

  static Map<String, Object> unseenCategories(FeatureSpec spec, Map<String, Object> r, Random rnd) {
    Map<String, Object> out = new LinkedHashMap<>(r);
    for (FieldSpec f : spec.fields()) {
      if (FieldSpec.CATEGORICAL.equals(f.type()) && r.get(f.name()) != null) {
        StringBuilder b = new StringBuilder("zq");
        for (int i = 0; i < 6; i++) {
          b.append((char) ('a' + rnd.nextInt(26)));
        }
        out.put(f.name(), b.toString());
      }
    }
    return out;
  }

  /** Applies a shift to every record, one seeded generator per shift so each shift is reproducible alone. */
  public static List<Map<String, Object>> apply(Shift s, List<? extends Map<String, Object>> records, long seed) {
    Random rnd = new Random(seed ^ s.name().hashCode());
    List<Map<String, Object>> out = new ArrayList<>(records.size());
    for (Map<String, Object> r : records) {
      out.add(s.apply().apply(r, rnd));
    }
    return out;
  }
}
