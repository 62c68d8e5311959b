package dev.verdict.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated record as one string that does not depend on field order or number spelling: keys sorted,
 * every number as the double the pipeline reads ({@code 3}, {@code 3.0} and {@code 3e0} are one key), strings
 * quoted and escaped, so no two different records meet.
 */
final class CanonicalRecord {
  private CanonicalRecord() {
  }

  static String of(Map<String, Object> record) {
    StringBuilder sb = new StringBuilder(128);
    append(sb, record);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static void append(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (var e : new TreeMap<>((Map<String, Object>) m).entrySet()) {
        sb.append(first ? "" : ",");
        quote(sb, e.getKey());
        sb.append(':');
        append(sb, e.getValue());
        first = false;
      }
      sb.append('}');
    } else if (v instanceof io.vertx.core.json.JsonObject j) {
      append(sb, j.getMap());
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        append(sb, l.get(i));
      }
      sb.append(']');
    } else if (v instanceof io.vertx.core.json.JsonArray a) {
      append(sb, a.getList());
    } else if (v instanceof Number n) {
      sb.append('#').append(Double.doubleToLongBits(n.doubleValue()));
    } else if (v instanceof String s) {
      quote(sb, s);
    } else {
      sb.append(v);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }
}
