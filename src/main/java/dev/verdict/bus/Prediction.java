package dev.verdict.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One scored record: a class with its probabilities, or for a regression (no labels) a number, the one value in
 * {@code probabilities}. {@code path} says who answered: {@code primary}, {@code fallback} or {@code default};
 * {@code reason} why it was not the primary (null when it was); {@code support} how well the training data
 * covered this input (null when the version has no baseline to judge it by).
 */
public record Prediction(String model, String version, String labelField, List<String> labels,
                         double[] probabilities, int predicted, String path, String fallbackKind, String reason,
                         Support support, JsonObject explanation, double[] raw) {

  public Prediction(String model, String version, String labelField, List<String> labels, double[] probabilities,
                    int predicted, String path, String fallbackKind, String reason, Support support,
                    JsonObject explanation) {
    this(model, version, labelField, labels, probabilities, predicted, path, fallbackKind, reason, support,
        explanation, null);
  }

  public Prediction(String model, String version, String labelField, List<String> labels, double[] probabilities,
                    int predicted, String path, String fallbackKind, String reason, Support support) {
    this(model, version, labelField, labels, probabilities, predicted, path, fallbackKind, reason, support, null);
  }

  public Prediction withExplanation(JsonObject e) {
    return new Prediction(model, version, labelField, labels, probabilities, predicted, path, fallbackKind, reason,
        support, e, raw);
  }

  /** With the primary's raw scores ({@code ?output=raw}); a fallback's answer has none. */
  public Prediction withRaw(double[] r) {
    return new Prediction(model, version, labelField, labels, probabilities, predicted, path, fallbackKind, reason,
        support, explanation, r);
  }

  /** A regression's answer: no labels, one value. */
  public boolean regression() {
    return labels.isEmpty();
  }

  /** The predicted value of a regression. */
  public double value() {
    return probabilities[0];
  }

  /** The predicted class; a regression's value as text. */
  public String label() {
    return regression() ? Double.toString(probabilities[0]) : labels.get(predicted);
  }

  /** The predicted class's probability; NaN for a regression, which has none. */
  public double confidence() {
    return regression() ? Double.NaN : probabilities[predicted];
  }

  /** The response body of one prediction, as {@link AnswerJson} writes it for every door. */
  public JsonObject toJson() {
    return new JsonObject(AnswerJson.of(this));
  }
}
