package dev.verdict.train;

import dev.verdict.drift.SupportProfile;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.fallback.Router;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** {@code evaluate}'s shift-suite tables: macro-F1 per shift and model, with the answers the router gives. */
public final class ShiftReport {
  private ShiftReport() {
  }

  public static ShiftSuite.Result run(ModelVersion v, List<Map<String, Object>> records, int[] y) throws IOException {
    JsonObject baseline = new JsonObject(Files.readString(v.dir().resolve(ModelVersion.BASELINE_FILE)));
    Router router = Router.fromJson(v.manifest().json().getJsonObject("routing"));
    Map<String, FallbackModel> candidates = Fallbacks.load(v);
    try (LightGbmScorer scorer = v.openScorer()) {
      return ShiftSuite.run(v.pipeline(), scorer::predict, candidates, records, y, v.labels().size(),
          SupportProfile.of(v.pipeline(), baseline), router);
    }
  }

  public static void print(PrintStream o, ModelVersion v, List<Map<String, Object>> records, int[] y)
      throws IOException {
    ShiftSuite.Result r = run(v, records, y);
    o.printf("%nshift suite (macro-F1; 'routed' = what the server answers with fallback_policy on-support)%n");
    JsonObject first = r.shifts().getJsonObject(Shifts.CLEAN);
    List<String> models = first.getJsonObject("macro_f1").fieldNames().stream().toList();
    o.printf("%-20s %6s %8s", "shift", "rows", "shifted");
    models.forEach(m -> o.printf(" %14s", m.length() > 14 ? m.substring(0, 14) : m));
    o.println();
    r.shifts().forEach(e -> {
      JsonObject s = (JsonObject) e.getValue();
      o.printf("%-20s %6d %8d", e.getKey(), s.getInteger("rows"), s.getInteger("out_of_support"));
      models.forEach(m -> o.printf(" %14.4f", s.getJsonObject("macro_f1").getDouble(m, Double.NaN)));
      o.println();
    });
    o.printf("%nrouting (from the manifest: measured at train on shifted validation rows)%n");
    o.printf("%-18s %-14s %6s %9s %9s%n", "condition", "answer", "rows", "primary", "answer");
    Router.fromJson(v.manifest().json().getJsonObject("routing")).choices().forEach((c, ch) ->
        o.printf("%-18s %-14s %6d %9.4f %9.4f%n", c, ch.answer() == null ? "primary" : ch.answer(), ch.rows(),
            ch.primary(), ch.best()));
  }
}
