package dev.verdict.fallback;

import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.FieldSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keyword rules learned from training texts: a token that nearly always means one class votes for it,
 * weighted by its precision and support. Readable by a human in {@code rules.json}; no native code at all,
 * so it answers even when everything else is broken.
 */
public final class RuleFallback implements FallbackModel {
  public static final String FILE = "rules.json";

  record Rule(String token, int label, double precision, int support) {
  }

  private final FeaturePipeline pipeline;
  private final String field;
  private final Map<String, Rule> rules;
  private final double[] priors;

  private RuleFallback(FeaturePipeline pipeline, String field, Map<String, Rule> rules, double[] priors) {
    this.pipeline = pipeline;
    this.field = field;
    this.rules = rules;
    this.priors = priors;
  }

  /** The text field rules are learned from, or null when the model has none. */
  public static String textField(FeaturePipeline pipeline) {
    return pipeline.spec().fields().stream().filter(f -> FieldSpec.TEXT.equals(f.type())).map(FieldSpec::name)
        .findFirst().orElse(null);
  }

  public static RuleFallback train(FeaturePipeline pipeline, List<? extends Map<String, ?>> records, int[] y,
                                   int numClass, int minSupport, double minPrecision) {
    String field = textField(pipeline);
    Map<String, int[]> counts = new TreeMap<>();
    double[] priors = new double[numClass];
    for (int i = 0; i < records.size(); i++) {
      priors[y[i]]++;
      Object text = records.get(i).get(field);
      if (text instanceof String s) {
        for (String t : new LinkedHashSet<>(pipeline.tokens(s))) {
          counts.computeIfAbsent(t, k -> new int[numClass])[y[i]]++;
        }
      }
    }
    for (int k = 0; k < numClass; k++) {
      priors[k] /= records.size();
    }
    Map<String, Rule> rules = new HashMap<>();
    counts.forEach((token, c) -> {
      int best = 0;
      int support = 0;
      for (int k = 0; k < numClass; k++) {
        support += c[k];
        if (c[k] > c[best]) {
          best = k;
        }
      }
      double precision = (double) c[best] / support;
      if (support >= minSupport && precision >= minPrecision) {
        rules.put(token, new Rule(token, best, precision, support));
      }
    });
    return new RuleFallback(pipeline, field, rules, priors);
  }

  public static RuleFallback load(Path dir, FeaturePipeline pipeline) throws IOException {
    JsonObject json = new JsonObject(Files.readString(dir.resolve(FILE)));
    Map<String, Rule> rules = new HashMap<>();
    for (Object o : json.getJsonArray("rules")) {
      JsonObject r = (JsonObject) o;
      rules.put(r.getString("token"), new Rule(r.getString("token"), r.getInteger("label"),
          r.getDouble("precision"), r.getInteger("support")));
    }
    JsonArray p = json.getJsonArray("priors");
    double[] priors = new double[p.size()];
    for (int i = 0; i < priors.length; i++) {
      priors[i] = p.getDouble(i);
    }
    return new RuleFallback(pipeline, json.getString("field"), rules, priors);
  }

  public void save(Path dir, List<String> labels) throws IOException {
    JsonArray arr = new JsonArray();
    List<Rule> sorted = new ArrayList<>(rules.values());
    sorted.sort((a, b) -> a.token().compareTo(b.token()));
    for (Rule r : sorted) {
      arr.add(new JsonObject().put("token", r.token()).put("label", r.label()).put("class", labels.get(r.label()))
          .put("precision", r.precision()).put("support", r.support()));
    }
    JsonArray p = new JsonArray();
    for (double d : priors) {
      p.add(d);
    }
    Files.writeString(dir.resolve(FILE), new JsonObject().put("field", field).put("priors", p).put("rules", arr)
        .encodePrettily());
  }

  public int size() {
    return rules.size();
  }

  @Override
  public String kind() {
    return "rules";
  }

  /**
   * The rules this record's text fires, strongest vote first: why the rules gave their answer. Empty when none
   * fires, and the answer is then the training prior.
   */
  public JsonArray fired(Map<String, ?> record, List<String> labels) {
    List<Rule> hit = matched(record);
    hit.sort((a, b) -> Double.compare(vote(b), vote(a)));
    JsonArray out = new JsonArray();
    for (Rule r : hit) {
      out.add(new JsonObject().put("field", field).put("token", r.token()).put("class", labels.get(r.label()))
          .put("precision", r.precision()).put("support", r.support()).put("vote", vote(r)));
    }
    return out;
  }

  /** The rules of the record's distinct text tokens, in token order. */
  private List<Rule> matched(Map<String, ?> record) {
    List<Rule> hit = new ArrayList<>();
    Object text = field == null ? null : record.get(field);
    if (text instanceof String s) {
      for (String t : new LinkedHashSet<>(pipeline.tokens(s))) {
        Rule r = rules.get(t);
        if (r != null) {
          hit.add(r);
        }
      }
    }
    return hit;
  }

  private static double vote(Rule r) {
    return r.precision() * Math.log1p(r.support());
  }

  @Override
  public double[] predictProba(FeatureVector vector, Map<String, ?> record) {
    double[] score = new double[priors.length];
    List<Rule> hit = matched(record);
    for (Rule r : hit) {
      score[r.label()] += vote(r);
    }
    if (hit.isEmpty()) {
      return priors.clone();
    }
    // A little prior mass keeps probabilities honest: a rule vote is strong evidence, not certainty.
    double total = 0;
    for (int k = 0; k < score.length; k++) {
      score[k] += 0.1 * priors[k];
      total += score[k];
    }
    for (int k = 0; k < score.length; k++) {
      score[k] /= total;
    }
    return score;
  }
}
