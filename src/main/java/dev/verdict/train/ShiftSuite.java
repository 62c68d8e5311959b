package dev.verdict.train;

import dev.verdict.bus.Support;
import dev.verdict.drift.SupportProfile;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Router;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.InvalidInputException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores the primary and every fallback candidate on each shift of {@link Shifts#suite} applied to labelled
 * rows: macro-F1 per shift and model, and accuracy per support condition over all shifted and clean rows
 * that live traffic would put in it. The trainer chooses routes from the second table; {@code evaluate}
 * prints both, with the answers a given router would give.
 */
public final class ShiftSuite {
  public static final long SEED = 20261202L;

  /** {@code shifts}: shift → {rows, macro_f1: {model → value}, out_of_support}; {@code conditions}: see Router. */
  public record Result(JsonObject shifts, JsonObject conditions) {
  }

  private ShiftSuite() {
  }

  public static Result run(FeaturePipeline pipeline, Function<FeatureVector, double[]> primary,
                           Map<String, FallbackModel> candidates, List<Map<String, Object>> records, int[] y, int k,
                           SupportProfile profile, Router router) {
    JsonObject shifts = new JsonObject();
    Map<String, int[]> rowsIn = new LinkedHashMap<>();
    Map<String, Map<String, int[]>> correctIn = new LinkedHashMap<>();
    Map<String, int[]> cleanIn = new LinkedHashMap<>();
    Map<String, Map<String, int[]>> cleanCorrectIn = new LinkedHashMap<>();
    for (Shifts.Shift shift : Shifts.suite(pipeline.spec())) {
      List<Map<String, Object>> shifted = Shifts.apply(shift, records, SEED);
      Map<String, List<double[]>> proba = new LinkedHashMap<>();
      List<Integer> ys = new ArrayList<>();
      int outOfSupport = 0;
      for (int i = 0; i < shifted.size(); i++) {
        FeatureVector v;
        try {
          v = pipeline.encode(shifted.get(i));
        } catch (InvalidInputException e) {
          continue; // a shift that makes a row invalid would get a 422 in serving, not an answer
        }
        Support s = profile.of(v);
        int truth = y[i];
        ys.add(truth);
        double[] p = primary.apply(v);
        Map<String, double[]> row = new LinkedHashMap<>();
        row.put("primary", p);
        for (FallbackModel f : candidates.values()) {
          double[] q = f.predictProba(v, shifted.get(i));
          row.put(f.kind(), q);
          row.put(Router.BLEND + f.kind(), Router.blend(p, q));
        }
        if (router != null) {
          Router.Route r = router.pick(s);
          row.put("routed", r == null || !row.containsKey(r.choice().answer()) ? p : row.get(r.choice().answer()));
        }
        if (!s.inSupport()) {
          outOfSupport++;
        }
        row.forEach((m, pr) -> proba.computeIfAbsent(m, x -> new ArrayList<>()).add(pr));
        boolean clean = Shifts.CLEAN.equals(shift.name());
        for (String c : s.conditions()) {
          count(rowsIn, correctIn, c, row, truth);
          if (clean) {
            count(cleanIn, cleanCorrectIn, c, row, truth);
          }
        }
      }
      int[] yy = ys.stream().mapToInt(Integer::intValue).toArray();
      JsonObject f1 = new JsonObject();
      proba.forEach((m, ps) -> f1.put(m, round(Metrics.of(ps.toArray(new double[0][]), yy, k).macroF1())));
      shifts.put(shift.name(), new JsonObject().put("description", shift.description()).put("rows", yy.length)
          .put("out_of_support", outOfSupport).put("macro_f1", f1));
    }
    JsonObject conditions = new JsonObject();
    for (String c : SupportProfile.CONDITIONS) {
      int n = rowsIn.getOrDefault(c, new int[1])[0];
      int nc = cleanIn.getOrDefault(c, new int[1])[0];
      conditions.put(c, new JsonObject().put("rows", n).put("accuracy", accuracies(correctIn.get(c), n))
          .put("clean_rows", nc).put("clean_accuracy", accuracies(cleanCorrectIn.get(c), nc)));
    }
    return new Result(shifts, conditions);
  }

  private static void count(Map<String, int[]> rows, Map<String, Map<String, int[]>> correct, String condition,
                            Map<String, double[]> row, int truth) {
    rows.computeIfAbsent(condition, x -> new int[1])[0]++;
    Map<String, int[]> byModel = correct.computeIfAbsent(condition, x -> new LinkedHashMap<>());
    row.forEach((m, pr) -> {
      if (!"routed".equals(m)) {
        byModel.computeIfAbsent(m, x -> new int[1])[0] += Metrics.argmax(pr) == truth ? 1 : 0;
      }
    });
  }

  private static JsonObject accuracies(Map<String, int[]> correct, int n) {
    JsonObject acc = new JsonObject();
    if (correct != null) {
      correct.forEach((m, ok) -> acc.put(m, round((double) ok[0] / n)));
    }
    return acc;
  }

  private static double round(double d) {
    return Math.round(d * 1e4) / 1e4;
  }
}
