package dev.verdict.train;

import io.vertx.core.json.JsonObject;

/** A regression's errors against true values: RMSE, MAE and R² (1 − SSE / total sum of squares). */
public record RegressionMetrics(int rows, double rmse, double mae, double r2) {

  public static RegressionMetrics of(double[] predicted, double[] y) {
    double mean = 0;
    for (double v : y) {
      mean += v / y.length;
    }
    double sse = 0;
    double sae = 0;
    double sst = 0;
    for (int i = 0; i < y.length; i++) {
      double e = predicted[i] - y[i];
      sse += e * e;
      sae += Math.abs(e);
      sst += (y[i] - mean) * (y[i] - mean);
    }
    return new RegressionMetrics(y.length, Math.sqrt(sse / y.length), sae / y.length, sst == 0 ? Double.NaN : 1 - sse / sst);
  }

  public JsonObject toJson() {
    return new JsonObject().put("rows", rows).put("rmse", rmse).put("mae", mae).put("r2", r2);
  }
}
