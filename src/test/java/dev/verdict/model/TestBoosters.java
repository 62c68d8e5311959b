package dev.verdict.model;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Small LightGBM models trained here through the C API, for the decision rules the shipped models do not use:
 * categorical splits, NaN- and zero-as-missing, and other objectives.
 */
final class TestBoosters {
  private TestBoosters() {
  }

  /**
   * Seeded rows of 4 columns: a category 0..39 (sometimes NaN or negative), a number with NaNs, a number that
   * is often exactly zero, and noise. The label depends on all of them.
   */
  static double[][] rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][4];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextInt(20) == 0 ? Double.NaN : r.nextInt(40);
      x[i][1] = r.nextInt(8) == 0 ? Double.NaN : r.nextGaussian() * 3;
      x[i][2] = r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * 10 - 2;
      x[i][3] = r.nextGaussian();
    }
    return x;
  }

  static double label(double[] x, int classes) {
    double cat = Double.isNaN(x[0]) ? 7 : x[0];
    double s = (cat % 5 == 0 ? 2 : 0) + (Double.isNaN(x[1]) ? -1.5 : x[1] * 0.4) + (x[2] == 0 ? 1.2 : x[2] * 0.1)
        + x[3] * 0.3;
    if (classes == 0) {
      return s;
    }
    return classes == 2 ? (s > 0.5 ? 1 : 0) : Math.floorMod((int) Math.floor(s), classes);
  }

  /** Trains {@code rounds} iterations with {@code params} and writes {@code dir/model.txt}. */
  static void train(Path dir, int classes, String params, int rounds) {
    Lgbm.ensureNative();
    double[][] x = rows(2000, 7);
    SWIGTYPE_p_double mat = lightgbmlib.new_doubleArray(x.length * 4L);
    SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(x.length);
    SWIGTYPE_p_p_void dsOut = lightgbmlib.new_voidpp();
    SWIGTYPE_p_p_void boosterOut = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int finished = lightgbmlib.new_intp();
    try {
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < 4; j++) {
          lightgbmlib.doubleArray_setitem(mat, i * 4L + j, x[i][j]);
        }
        lightgbmlib.floatArray_setitem(labels, i, (float) label(x[i], classes));
      }
      String p = params + " num_threads=1 deterministic=true seed=3 verbosity=-1 min_data_in_leaf=5"
          + " categorical_feature=0 min_data_per_group=5 cat_smooth=1";
      Lgbm.check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(mat),
          lightgbmlibConstants.C_API_DTYPE_FLOAT64, x.length, 4, 1, p, null, dsOut), "DatasetCreateFromMat");
      SWIGTYPE_p_void ds = lightgbmlib.voidpp_value(dsOut);
      Lgbm.check(lightgbmlib.LGBM_DatasetSetField(ds, "label", lightgbmlib.float_to_voidp_ptr(labels), x.length,
          lightgbmlibConstants.C_API_DTYPE_FLOAT32), "SetField");
      Lgbm.check(lightgbmlib.LGBM_BoosterCreate(ds, p, boosterOut), "BoosterCreate");
      SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
      for (int i = 0; i < rounds; i++) {
        Lgbm.check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished), "UpdateOneIter");
      }
      Lgbm.check(lightgbmlib.LGBM_BoosterSaveModel(booster, 0, -1, lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
          dir.resolve("model.txt").toString()), "SaveModel");
      lightgbmlib.LGBM_BoosterFree(booster);
      lightgbmlib.LGBM_DatasetFree(ds);
    } finally {
      lightgbmlib.delete_doubleArray(mat);
      lightgbmlib.delete_floatArray(labels);
      lightgbmlib.delete_voidpp(dsOut);
      lightgbmlib.delete_voidpp(boosterOut);
      lightgbmlib.delete_intp(finished);
    }
  }
}
