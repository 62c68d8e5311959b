package dev.verdict.drift;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * Label-free accuracy of the primary, CBPE-style: the mean calibrated confidence of a window estimates the
 * share of right answers in it. Its alarm level comes from validation chunks of the window's size: the mean
 * estimate over chunks minus {@code sigmas} standard deviations. One-sided: only a drop alarms.
 *
 * @param chunks chunk size → (mean, standard deviation) of the estimate over seeded bootstrap chunks
 */
public record PerformanceEstimate(Calibration calibration, NavigableMap<Integer, double[]> chunks) {
  static final int[] SIZES = {25, 50, 100, 200, 400, 800, 1600};
  static final int REPEATS = 400;

  /** The estimated accuracy of records with these primary confidences (NaN when there are none). */
  public double estimate(double[] confidences) {
    if (confidences.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double c : confidences) {
      s += calibration.apply(c);
    }
    return s / confidences.length;
  }

  public boolean hasReference() {
    return !chunks.isEmpty();
  }

  /** Reference (mean) estimate for a window of {@code n} records. */
  public double reference(int n) {
    return chunks.isEmpty() ? Double.NaN : entry(n).getValue()[0];
  }

  /**
   * Standard deviation of the estimate over chunks of {@code n}: the value measured at the nearest size not
   * above it, scaled by √(size / n) (the estimate is a mean of n values), so it never understates it.
   */
  public double std(int n) {
    if (chunks.isEmpty() || n < 1) {
      return Double.NaN;
    }
    Map.Entry<Integer, double[]> e = entry(n);
    return e.getValue()[1] * Math.sqrt((double) e.getKey() / n);
  }

  /** {@code sigmas} standard deviations and a fixed {@code tolerance} under the reference. */
  public double alarmLevel(int n, double sigmas, double tolerance) {
    return reference(n) - sigmas * std(n) - tolerance;
  }

  private Map.Entry<Integer, double[]> entry(int n) {
    Map.Entry<Integer, double[]> e = chunks.floorEntry(n);
    return e != null ? e : chunks.firstEntry();
  }

  /**
   * Measures the reference on validation rows: for each chunk size, {@value #REPEATS} chunks drawn with
   * replacement (seeded), the estimate of each, their mean and standard deviation.
   */
  public static PerformanceEstimate measure(Calibration cal, double[] validConfidence, long seed) {
    TreeMap<Integer, double[]> out = new TreeMap<>();
    if (validConfidence.length == 0) {
      return new PerformanceEstimate(cal, out);
    }
    double[] calibrated = new double[validConfidence.length];
    for (int i = 0; i < calibrated.length; i++) {
      calibrated[i] = cal.apply(validConfidence[i]);
    }
    Random rnd = new Random(seed);
    for (int n : SIZES) {
      double sum = 0;
      double sq = 0;
      for (int r = 0; r < REPEATS; r++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += calibrated[rnd.nextInt(calibrated.length)];
        }
        double est = s / n;
        sum += est;
        sq += est * est;
      }
      double mean = sum / REPEATS;
      out.put(n, new double[] {mean, Math.sqrt(Math.max(0, sq / REPEATS - mean * mean))});
    }
    return new PerformanceEstimate(cal, out);
  }

  public JsonObject chunksJson() {
    JsonObject j = new JsonObject();
    chunks.forEach((n, v) -> j.put(Integer.toString(n), new JsonObject().put("mean", v[0]).put("std", v[1])));
    return j;
  }

  /** From the manifest's {@code calibration} block; no reference when the version predates it. */
  public static PerformanceEstimate fromJson(JsonObject calibration) {
    TreeMap<Integer, double[]> chunks = new TreeMap<>();
    if (calibration != null) {
      calibration.getJsonObject("chunks", new JsonObject()).forEach(e -> {
        JsonObject c = (JsonObject) e.getValue();
        chunks.put(Integer.parseInt(e.getKey()), new double[] {c.getDouble("mean"), c.getDouble("std")});
      });
    }
    return new PerformanceEstimate(Calibration.fromJson(calibration), chunks);
  }
}
