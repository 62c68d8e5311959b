package dev.verdict.train;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.Lgbm;
import dev.verdict.model.Objective;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a LightGBM booster (multiclass, binary or a regression objective) through lightgbmlib's C API, with
 * early stopping on the validation loss (multi-logloss, binary logloss, or the objective's own metric), and saves
 * the best iteration as {@code model.txt}. Single-threaded and
 * {@code deterministic=true}: the same data gives the same model on any machine with this library.
 */
public final class LightGbmTrainer {

  public record Result(int bestIteration, double bestValidLogLoss, int roundsRun, String params) {
  }

  private LightGbmTrainer() {
  }

  public static String params(JsonObject user, int numClass, long seed) {
    return params(user, new Objective(Objective.Kind.MULTICLASS, "multiclass", 0.5), numClass, seed);
  }

  public static String params(JsonObject user, Objective objective, int numClass, long seed) {
    Map<String, Object> p = new TreeMap<>(user.getMap());
    p.put("objective", objective.name());
    switch (objective.kind()) {
      case MULTICLASS -> {
        p.put("num_class", numClass);
        p.put("metric", "multi_logloss");
      }
      case BINARY -> p.put("metric", "binary_logloss");
      // the objective's own metric (l2, l1, huber, quantile, poisson...): all lower-is-better
      case REGRESSION -> p.remove("metric");
    }
    p.put("seed", seed);
    p.put("deterministic", true);
    p.put("force_row_wise", true);
    p.put("num_threads", 1);
    p.put("verbosity", -1);
    StringBuilder sb = new StringBuilder();
    p.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  public static Result train(List<FeatureVector> train, int[] y, List<FeatureVector> valid, int[] yv,
                             int numFeatures, String params, int maxRounds, int earlyStopping, Path modelFile) {
    return train(train, java.util.Arrays.stream(y).asDoubleStream().toArray(), valid,
        java.util.Arrays.stream(yv).asDoubleStream().toArray(), numFeatures, params, maxRounds, earlyStopping, modelFile);
  }

  /** @param y class indices, or a regression's target values */
  public static Result train(List<FeatureVector> train, double[] y, List<FeatureVector> valid, double[] yv,
                             int numFeatures, String params, int maxRounds, int earlyStopping, Path modelFile) {
    Lgbm.ensureNative();
    return Lgbm.native_(() -> run(train, y, valid, yv, numFeatures, params, maxRounds, earlyStopping, modelFile));
  }

  private static Result run(List<FeatureVector> train, double[] y, List<FeatureVector> valid, double[] yv,
                            int numFeatures, String params, int maxRounds, int earlyStopping, Path modelFile) {
    SWIGTYPE_p_void trainSet = dataset(train, y, numFeatures, params, null);
    SWIGTYPE_p_void validSet = dataset(valid, yv, numFeatures, params, trainSet);
    SWIGTYPE_p_p_void boosterOut = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int finished = lightgbmlib.new_intp();
    SWIGTYPE_p_int evalLen = lightgbmlib.new_intp();
    SWIGTYPE_p_double eval = lightgbmlib.new_doubleArray(4);
    SWIGTYPE_p_void booster = null;
    try {
      Lgbm.check(lightgbmlib.LGBM_BoosterCreate(trainSet, params, boosterOut), "BoosterCreate");
      booster = lightgbmlib.voidpp_value(boosterOut);
      Lgbm.check(lightgbmlib.LGBM_BoosterAddValidData(booster, validSet), "BoosterAddValidData");
      double best = Double.POSITIVE_INFINITY;
      int bestIter = 0;
      int round = 0;
      while (round < maxRounds && round - bestIter < earlyStopping) {
        Lgbm.check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished), "BoosterUpdateOneIter");
        round++;
        Lgbm.check(lightgbmlib.LGBM_BoosterGetEval(booster, 1, evalLen, eval), "BoosterGetEval");
        double loss = lightgbmlib.doubleArray_getitem(eval, 0);
        if (loss < best - 1e-12) {
          best = loss;
          bestIter = round;
        }
        if (lightgbmlib.intp_value(finished) == 1) {
          break;
        }
      }
      Lgbm.check(lightgbmlib.LGBM_BoosterSaveModel(booster, 0, bestIter,
          lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_GAIN, modelFile.toString()), "BoosterSaveModel");
      return new Result(bestIter, best, round, params);
    } finally {
      if (booster != null) {
        lightgbmlib.LGBM_BoosterFree(booster);
      }
      lightgbmlib.LGBM_DatasetFree(validSet);
      lightgbmlib.LGBM_DatasetFree(trainSet);
      lightgbmlib.delete_voidpp(boosterOut);
      lightgbmlib.delete_intp(finished);
      lightgbmlib.delete_intp(evalLen);
      lightgbmlib.delete_doubleArray(eval);
    }
  }

  private static SWIGTYPE_p_void dataset(List<FeatureVector> rows, double[] y, int numFeatures, String params,
                                         SWIGTYPE_p_void reference) {
    SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
    SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(y.length);
    try (Lgbm.NativeCsr csr = new Lgbm.NativeCsr(rows, numFeatures)) {
      Lgbm.check(lightgbmlib.LGBM_DatasetCreateFromCSR(lightgbmlib.int_to_voidp_ptr(csr.indptr),
          lightgbmlibConstants.C_API_DTYPE_INT32, csr.indices, lightgbmlib.double_to_voidp_ptr(csr.data),
          lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.size() + 1L, csr.nnz, numFeatures, params, reference, out),
          "DatasetCreateFromCSR");
      SWIGTYPE_p_void ds = lightgbmlib.voidpp_value(out);
      for (int i = 0; i < y.length; i++) {
        lightgbmlib.floatArray_setitem(labels, i, (float) y[i]);
      }
      Lgbm.check(lightgbmlib.LGBM_DatasetSetField(ds, "label", lightgbmlib.float_to_voidp_ptr(labels), y.length,
          lightgbmlibConstants.C_API_DTYPE_FLOAT32), "DatasetSetField(label)");
      return ds;
    } finally {
      lightgbmlib.delete_floatArray(labels);
      lightgbmlib.delete_voidpp(out);
    }
  }
}
