package dev.verdict.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names a request record may use for a model's fields: the field's own name, or a DataFrame column name
 * that LightGBM rewrote to it when it saved the model ({@code "mean radius"} is stored as {@code mean_radius}).
 * Any other key is refused with the closest known names: a misspelt field scored as missing is a silent wrong
 * answer.
 */
final class RecordNames {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names;

  RecordNames(List<FieldSpec> fields) {
    names = fields.stream().map(FieldSpec::name).toList();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
  }

  /** LightGBM's rewrite of a feature name: spaces and JSON's special characters become {@code _}. */
  static String lightgbmName(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '"' || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}') {
        if (b == null) {
          b = new StringBuilder(s);
        }
        b.setCharAt(i, '_');
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * A table row keyed by field names: rewritten DataFrame names resolved, other columns (a label, an id) left
   * out. The same map when no key needs resolving.
   */
  Map<String, ?> lenient(Map<String, ?> record) {
    boolean resolve = false;
    for (String k : record.keySet()) {
      if (!index.containsKey(k) && index.containsKey(lightgbmName(k))) {
        resolve = true;
        break;
      }
    }
    if (!resolve) {
      return record;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    record.forEach((k, v) -> {
      String name = index.containsKey(k) ? k : lightgbmName(k);
      if (index.containsKey(name) && (!out.containsKey(name) || name.equals(k))) {
        out.put(name, v);
      }
    });
    return out;
  }

  /** The record keyed by field names (the same map when every key is a field name already), or the errors. */
  Map<String, ?> resolve(Map<String, ?> record, List<FieldError> errors) {
    if (record.isEmpty()) {
      errors.add(new FieldError("$", "is empty; the model's fields are " + listed(names)));
      return record;
    }
    boolean direct = true;
    boolean any = false;
    for (String k : record.keySet()) {
      if (index.containsKey(k)) {
        any = true;
      } else {
        direct = false;
      }
    }
    if (direct) {
      return record;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ?> e : record.entrySet()) {
      String k = e.getKey();
      String name = index.containsKey(k) ? k : lightgbmName(k);
      if (!index.containsKey(name)) {
        unknown.add(k);
        continue;
      }
      any = true;
      if (out.containsKey(name)) {
        errors.add(new FieldError(k, "names the field " + name + " a second time"));
      }
      out.put(name, e.getValue());
    }
    if (!any) {
      errors.add(new FieldError("$", "names none of the model's fields; they are " + listed(names)));
      return out;
    }
    for (String k : unknown) {
      errors.add(new FieldError(k, "is not a field of this model" + closest(k)));
    }
    return out;
  }

  private String closest(String k) {
    String want = lightgbmName(k).toLowerCase(Locale.ROOT);
    List<String> best = names.stream()
        .sorted(Comparator.comparingInt((String n) -> distance(want, n.toLowerCase(Locale.ROOT))).thenComparing(n -> n))
        .limit(3).toList();
    return best.isEmpty() ? "" : "; closest: " + String.join(", ", best);
  }

  private static String listed(List<String> names) {
    return names.size() <= 12 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 12)) + " and " + (names.size() - 12) + " more";
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
