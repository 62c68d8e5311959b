package dev.verdict.train;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows a table load left out, counted per reason, with the first few line numbers of each. */
public final class SkippedRows {
  private static final int FIRST_LINES = 5;
  private final Map<String, List<Integer>> lines = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private int total;

  void add(String reason, int line) {
    total++;
    counts.merge(reason, 1, Integer::sum);
    List<Integer> first = lines.computeIfAbsent(reason, k -> new ArrayList<>());
    if (first.size() < FIRST_LINES) {
      first.add(line);
    }
  }

  public int count() {
    return total;
  }

  /** One line: {@code 3 rows skipped: 2 × no label "species" (lines 4, 9); 1 × ...}. */
  public String summary() {
    StringBuilder sb = new StringBuilder().append(total).append(total == 1 ? " row" : " rows").append(" skipped");
    String sep = ": ";
    for (var e : counts.entrySet()) {
      List<Integer> first = lines.get(e.getKey());
      sb.append(sep).append(e.getValue()).append(" × ").append(e.getKey()).append(" (line")
          .append(first.size() > 1 ? "s " : " ");
      for (int i = 0; i < first.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(first.get(i));
      }
      sb.append(e.getValue() > first.size() ? ", ..." : "").append(')');
      sep = "; ";
    }
    return sb.toString();
  }

  public JsonObject toJson() {
    JsonObject reasons = new JsonObject();
    counts.forEach((r, n) -> reasons.put(r, new JsonObject().put("rows", n)
        .put("first_lines", new JsonArray(new ArrayList<>(lines.get(r))))));
    return new JsonObject().put("rows", total).put("reasons", reasons);
  }
}
