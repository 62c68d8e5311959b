package dev.verdict.fallback;

import dev.verdict.bus.Support;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which model answers a request in a shifted condition: for each condition, the candidate the trainer's shift
 * suite measured best on the rows in it, or none (the primary keeps answering). Read from the manifest's
 * {@code routing} block; immutable.
 */
public record Router(Map<String, Choice> choices) {
  public static final Router NONE = new Router(Map.of());
  /**
   * Prefix of a blended answer: {@code primary+naive-bayes} is the mean of the primary's and naive Bayes'
   * probabilities. Only a route can use one; when the primary fails, a plain fallback answers.
   */
  public static final String BLEND = "primary+";

  public static boolean isBlend(String answer) {
    return answer.startsWith(BLEND);
  }

  /** The fallback model an answer needs: itself, or the one blended with the primary. */
  public static String fallbackOf(String answer) {
    return isBlend(answer) ? answer.substring(BLEND.length()) : answer;
  }

  /** A blended answer's probabilities: the mean of the primary's and the fallback's, a new array. */
  public static double[] blend(double[] primary, double[] fallback) {
    double[] out = new double[primary.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (primary[k] + fallback[k]) / 2;
    }
    return out;
  }
  /** A candidate must beat the primary's accuracy by this much on the condition's rows to take them. */
  public static final double MIN_GAIN = 0.02;
  /** Fewer measured rows than this and the primary keeps the condition: too little evidence. */
  public static final int MIN_ROWS = 30;

  /**
   * @param answer  the fallback kind that answers this condition, or null for the primary
   * @param primary the primary's accuracy on the condition's rows
   * @param best    the answer's accuracy there (the primary's when answer is null)
   * @param rows    rows of the shift suite in this condition
   */
  public record Choice(String answer, double primary, double best, int rows) {
    public double gain() {
      return best - primary;
    }
  }

  public Router {
    choices = Map.copyOf(choices);
  }

  /** A condition and the choice made for it. */
  public record Route(String condition, Choice choice) {
    public String reason() {
      return String.format(Locale.ROOT, "%s: %s measured better for this condition (accuracy %.3f vs %.3f, %d rows)",
          condition, choice.answer(), choice.best(), choice.primary(), choice.rows());
    }
  }

  /**
   * The route for a request: of its conditions that have an answer, the one with the largest measured gain;
   * null when none has (the primary answers).
   */
  public Route pick(Support s) {
    Route best = null;
    for (String c : s.conditions()) {
      Choice ch = choices.get(c);
      if (ch != null && ch.answer() != null && (best == null || ch.gain() > best.choice().gain())) {
        best = new Route(c, ch);
      }
    }
    return best;
  }

  /**
   * Chooses from the shift suite's per-condition accuracies ({@code condition → {rows, accuracy: {model →
   * value}, clean_rows, clean_accuracy}}, the primary under {@code primary}): per condition, the candidate
   * with the highest accuracy over all its rows, if it beats the primary there by {@link #MIN_GAIN} on at
   * least {@link #MIN_ROWS} rows, and is no worse than the primary on the unshifted rows in the condition
   * (clean traffic lands there too, and must not pay for the shifted rows' gain).
   */
  public static Router choose(JsonObject conditions) {
    Map<String, Choice> out = new LinkedHashMap<>();
    conditions.forEach(e -> {
      JsonObject c = (JsonObject) e.getValue();
      JsonObject acc = c.getJsonObject("accuracy");
      JsonObject clean = c.getJsonObject("clean_accuracy", new JsonObject());
      int rows = c.getInteger("rows", 0);
      double primary = acc.getDouble("primary", Double.NaN);
      String best = null;
      double bestAcc = primary;
      for (String k : acc.fieldNames()) {
        boolean cleanOk = c.getInteger("clean_rows", 0) == 0
            || clean.getDouble(k, 0.0) >= clean.getDouble("primary", 0.0);
        if (!"primary".equals(k) && cleanOk && acc.getDouble(k) > bestAcc) {
          best = k;
          bestAcc = acc.getDouble(k);
        }
      }
      boolean wins = best != null && rows >= MIN_ROWS && bestAcc - primary >= MIN_GAIN;
      out.put(e.getKey(), new Choice(wins ? best : null, primary, wins ? bestAcc : primary, rows));
    });
    return new Router(out);
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    choices.forEach((k, c) -> j.put(k, new JsonObject().put("answer", c.answer() == null ? "primary" : c.answer())
        .put("rows", c.rows()).put("primary_accuracy", num(c.primary())).put("answer_accuracy", num(c.best()))));
    return new JsonObject().put("min_gain", MIN_GAIN).put("min_rows", MIN_ROWS).put("conditions", j);
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static Double num(double d) {
    return Double.isFinite(d) ? d : null;
  }

  public static Router fromJson(JsonObject routing) {
    if (routing == null) {
      return NONE;
    }
    Map<String, Choice> out = new LinkedHashMap<>();
    routing.getJsonObject("conditions", new JsonObject()).forEach(e -> {
      JsonObject c = (JsonObject) e.getValue();
      String a = c.getString("answer");
      out.put(e.getKey(), new Choice("primary".equals(a) ? null : a, orNaN(c.getDouble("primary_accuracy")),
          orNaN(c.getDouble("answer_accuracy")), c.getInteger("rows")));
    });
    return new Router(out);
  }
}
