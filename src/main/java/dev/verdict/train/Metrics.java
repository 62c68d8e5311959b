package dev.verdict.train;

import dev.verdict.model.Probabilities;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Classification metrics of a probability matrix against true classes. */
public record Metrics(int rows, double accuracy, double macroF1, double logLoss, double[] f1) {

  public static Metrics of(double[][] proba, int[] y, int numClass) {
    int[] tp = new int[numClass];
    int[] predicted = new int[numClass];
    int[] actual = new int[numClass];
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      int p = argmax(proba[i]);
      predicted[p]++;
      actual[y[i]]++;
      if (p == y[i]) {
        tp[p]++;
        correct++;
      }
      loss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, proba[i][y[i]])));
    }
    double[] f1 = new double[numClass];
    double sum = 0;
    int present = 0;
    for (int k = 0; k < numClass; k++) {
      double prec = predicted[k] == 0 ? 0 : (double) tp[k] / predicted[k];
      double rec = actual[k] == 0 ? 0 : (double) tp[k] / actual[k];
      f1[k] = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
      if (actual[k] > 0) {
        sum += f1[k];
        present++;
      }
    }
    return new Metrics(y.length, (double) correct / y.length, sum / Math.max(1, present), loss / y.length, f1);
  }

  /**
   * Area under the ROC curve of a binary model's P("1") (column 1): the chance a random positive row scores above
   * a random negative one, ties counting half. NaN when one class is absent.
   */
  public static double auc(double[][] proba, int[] y) {
    Integer[] order = new Integer[y.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> proba[i][1]));
    long pos = java.util.Arrays.stream(y).filter(v -> v == 1).count();
    long neg = y.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    // rank sum of the positives (Mann-Whitney), with average ranks over ties
    double rankSum = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && proba[order[j + 1]][1] == proba[order[i]][1]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        rankSum += y[order[t]] == 1 ? rank : 0;
      }
      i = j + 1;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Share of rows whose P("1") at or above {@code threshold} matches the truth. */
  public static double accuracyAt(double[][] proba, int[] y, double threshold) {
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      correct += (proba[i][1] >= threshold ? 1 : 0) == y[i] ? 1 : 0;
    }
    return (double) correct / y.length;
  }

  public static int argmax(double[] p) {
    return Probabilities.argmax(p);
  }

  public JsonObject toJson(List<String> labels) {
    JsonObject perClass = new JsonObject();
    for (int k = 0; k < f1.length; k++) {
      perClass.put(labels.get(k), round(f1[k]));
    }
    return new JsonObject().put("rows", rows).put("accuracy", round(accuracy)).put("macro_f1", round(macroF1))
        .put("log_loss", round(logLoss)).put("f1", perClass);
  }

  private static double round(double d) {
    return Math.round(d * 1e6) / 1e6;
  }
}
