package dev.verdict.model;

import ai.djl.MalformedModelException;
import ai.djl.ml.lightgbm.LgbmSymbolBlock;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One worker's scoring state: its own DJL-loaded booster (LightGBM 3.2's single-row path locks the booster,
 * so boosters are never shared), its own single-row FastConfig and output buffer. Not thread-safe by design.
 *
 * <p>Scoring goes through the booster handle with outputs sized by {@code num_class}: DJL 0.25.0's
 * {@code forward} sizes its buffer for 2 values per row and corrupts memory on multiclass models.
 */
public final class LightGbmScorer implements AutoCloseable {
  private static final String PREDICT_PARAMS = "num_threads=1";

  private final ZooModel<NDList, NDList> model;
  private final SWIGTYPE_p_void booster;
  private final int numClass;
  private final int numFeatures;
  private final SWIGTYPE_p_p_void fastConfigOut;
  private final SWIGTYPE_p_void fastConfig;
  private final SWIGTYPE_p_long_long outLen;
  private final SWIGTYPE_p_double out;
  private boolean closed;
  /** This worker's compiled evaluator, once the version's forest was proven equal to this booster. */
  private CompiledScorer compiled;
  private TreeShap shap;
  /** Binary models: the booster's one probability becomes two, P("0") and P("1"). */
  private boolean binary;

  private LightGbmScorer(ZooModel<NDList, NDList> model) {
    this.model = model;
    this.booster = lightgbmlib.voidpp_value(((LgbmSymbolBlock) model.getBlock()).getHandle());
    SWIGTYPE_p_int tmp = lightgbmlib.new_intp();
    try {
      Lgbm.check(lightgbmlib.LGBM_BoosterGetNumClasses(booster, tmp), "GetNumClasses");
      this.numClass = lightgbmlib.intp_value(tmp);
      Lgbm.check(lightgbmlib.LGBM_BoosterGetNumFeature(booster, tmp), "GetNumFeature");
      this.numFeatures = lightgbmlib.intp_value(tmp);
    } finally {
      lightgbmlib.delete_intp(tmp);
    }
    this.fastConfigOut = lightgbmlib.new_voidpp();
    Lgbm.check(lightgbmlib.LGBM_BoosterPredictForCSRSingleRowFastInit(booster,
        lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, lightgbmlibConstants.C_API_DTYPE_FLOAT64,
        numFeatures, PREDICT_PARAMS, fastConfigOut), "PredictForCSRSingleRowFastInit");
    this.fastConfig = lightgbmlib.voidpp_value(fastConfigOut);
    this.outLen = lightgbmlib.new_int64_tp();
    this.out = lightgbmlib.new_doubleArray(numClass);
  }

  /**
   * Loads a version directory's model file ({@link ModelSource}), or a model file named directly, through DJL's
   * LightGBM engine (offline; nothing is downloaded).
   */
  public static LightGbmScorer load(Path versionDir) throws IOException {
    Path file = java.nio.file.Files.isDirectory(versionDir) ? ModelSource.modelFile(versionDir) : versionDir;
    if (file == null) {
      throw new IOException("no model file in " + versionDir);
    }
    ModelTextCheck.verify(file);
    Path abs = file.toAbsolutePath();
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optEngine("LightGBM")
        .optModelPath(abs.getParent())
        .optModelName(abs.getFileName().toString())
        .build();
    try {
      return new LightGbmScorer(criteria.loadModel());
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("cannot load LightGBM model from " + versionDir + ": " + e.getMessage(), e);
    }
  }

  public int numClass() {
    return numClass;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** What {@link #predict} answers: for a binary model, both classes' probabilities from the one sigmoid. */
  public void objective(Objective o) {
    if (o.kind() == Objective.Kind.BINARY && numClass != 1) {
      throw new IllegalArgumentException("a binary objective on a booster with " + numClass + " outputs");
    }
    this.binary = o.kind() == Objective.Kind.BINARY;
  }

  /** How many values {@link #predict} returns per row. */
  public int outputs() {
    return binary ? 2 : numClass;
  }

  private double[] answer(double[] p) {
    return binary ? new double[] {1.0 - p[0], p[0]} : p;
  }

  /** The booster's output before the objective's transform (the compiled forest's when proven equal). */
  public double[] raw(FeatureVector v) {
    ensureOpen();
    if (compiled != null) {
      double[] out = new double[numClass];
      compiled.rawInto(v, out);
      return out;
    }
    return boosterBatch(List.of(v), true)[0];
  }

  /** Scores through {@code c} from now on; the booster stays loaded as the reference. */
  public void attach(CompiledScorer c) {
    if (c.forest().numClass() != numClass || c.forest().numFeatures() > numFeatures) {
      throw new IllegalArgumentException("compiled forest does not match this booster");
    }
    this.compiled = c;
  }

  /** "compiled" or "lightgbm": what {@link #predict} and {@link #predictBatch} score with. */
  public String kind() {
    return compiled != null ? "compiled" : "lightgbm";
  }

  /** Class probabilities of one sparse row: the compiled evaluator when attached, else the booster. */
  public double[] predict(FeatureVector v) {
    ensureOpen();
    return answer(compiled != null ? compiled.predict(v) : boosterPredict(v));
  }

  /** Class probabilities of many rows: the compiled evaluator row by row when attached, else one native call. */
  public double[][] predictBatch(List<FeatureVector> rows) {
    ensureOpen();
    double[][] out = compiled == null ? boosterBatch(rows, false) : new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = answer(compiled == null ? out[i] : compiled.predict(rows.get(i)));
    }
    return out;
  }

  /** The booster's single-row fast path (Java arrays go straight to native). */
  public double[] boosterPredict(FeatureVector v) {
    ensureOpen();
    if (v.nnz() == 0) {
      return boosterBatch(List.of(v), false)[0];
    }
    Lgbm.check(lightgbmlib.LGBM_BoosterPredictForCSRSingleRowFastCriticalSWIG(v.indices(), v.values(), v.nnz(),
        fastConfig, lightgbmlibConstants.C_API_DTYPE_INT32, v.nnz(), outLen, out), "PredictForCSRSingleRowFast");
    double[] p = new double[numClass];
    for (int k = 0; k < numClass; k++) {
      p[k] = lightgbmlib.doubleArray_getitem(out, k);
    }
    return p;
  }

  /**
   * The booster on many rows in one native call; output is sized rows × num_class.
   *
   * @param raw raw scores (before the objective's transform) instead of probabilities
   */
  public double[][] boosterBatch(List<FeatureVector> rows, boolean raw) {
    ensureOpen();
    try (Lgbm.NativeCsr csr = new Lgbm.NativeCsr(rows, numFeatures)) {
      SWIGTYPE_p_double result = lightgbmlib.new_doubleArray((long) rows.size() * numClass);
      try {
        Lgbm.check(lightgbmlib.LGBM_BoosterPredictForCSR(booster, lightgbmlib.int_to_voidp_ptr(csr.indptr),
            lightgbmlibConstants.C_API_DTYPE_INT32, csr.indices, lightgbmlib.double_to_voidp_ptr(csr.data),
            lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.size() + 1L, csr.nnz, numFeatures,
            raw ? lightgbmlibConstants.C_API_PREDICT_RAW_SCORE : lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1,
            PREDICT_PARAMS, outLen, result), "PredictForCSR");
        return unpack(result, rows.size());
      } finally {
        lightgbmlib.delete_doubleArray(result);
      }
    }
  }

  /**
   * Exact TreeSHAP contributions of one row to class {@code cls}'s raw score, computed by LightGBM itself
   * ({@code C_API_PREDICT_CONTRIB}) on this DJL-loaded booster: one value per column, then the expected raw
   * score (the bias) last; bias + the sum of the columns is the class's raw score. LightGBM writes every
   * class's block; only {@code cls}'s is read back.
   */
  public double[] boosterContributions(FeatureVector v, int cls) {
    ensureOpen();
    long width = numFeatures + 1L;
    try (Lgbm.NativeCsr csr = new Lgbm.NativeCsr(List.of(v), numFeatures)) {
      SWIGTYPE_p_double result = lightgbmlib.new_doubleArray(width * numClass);
      try {
        Lgbm.check(lightgbmlib.LGBM_BoosterPredictForCSR(booster, lightgbmlib.int_to_voidp_ptr(csr.indptr),
            lightgbmlibConstants.C_API_DTYPE_INT32, csr.indices, lightgbmlib.double_to_voidp_ptr(csr.data),
            lightgbmlibConstants.C_API_DTYPE_FLOAT64, 2, csr.nnz, numFeatures,
            lightgbmlibConstants.C_API_PREDICT_CONTRIB, 0, -1, PREDICT_PARAMS, outLen, result), "PredictForCSR(contrib)");
        double[] out = new double[(int) width];
        for (int c = 0; c < width; c++) {
          out[c] = lightgbmlib.doubleArray_getitem(result, cls * width + c);
        }
        return out;
      } finally {
        lightgbmlib.delete_doubleArray(result);
      }
    }
  }

  /**
   * The contributions of {@link #boosterContributions}: from TreeSHAP on the compiled forest when this scorer
   * has one proven equal to the booster (one class's trees, in Java), else from the booster. The two agree to
   * rounding ({@code TreeShapTest}: within 1e-9 on the holdout and on fuzz rows).
   */
  public double[] contributions(FeatureVector v, int cls) {
    ensureOpen();
    if (compiled != null && compiled.forest().hasCover()) {
      if (shap == null) {
        shap = new TreeShap(compiled.forest());
      }
      return shap.contributions(v, cls);
    }
    return boosterContributions(v, cls);
  }

  /** Dense batch scoring through {@code LGBM_BoosterPredictForMat}; the reference the fast paths must match. */
  public double[][] predictDense(double[][] rows) {
    ensureOpen();
    SWIGTYPE_p_double mat = lightgbmlib.new_doubleArray((long) rows.length * numFeatures);
    SWIGTYPE_p_double result = lightgbmlib.new_doubleArray((long) rows.length * numClass);
    try {
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < numFeatures; c++) {
          lightgbmlib.doubleArray_setitem(mat, (long) r * numFeatures + c, rows[r][c]);
        }
      }
      Lgbm.check(lightgbmlib.LGBM_BoosterPredictForMat(booster, lightgbmlib.double_to_voidp_ptr(mat),
          lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.length, numFeatures, 1,
          lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, PREDICT_PARAMS, outLen, result), "PredictForMat");
      return unpack(result, rows.length);
    } finally {
      lightgbmlib.delete_doubleArray(mat);
      lightgbmlib.delete_doubleArray(result);
    }
  }

  private double[][] unpack(SWIGTYPE_p_double result, int rows) {
    double[][] p = new double[rows][numClass];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < numClass; k++) {
        p[r][k] = lightgbmlib.doubleArray_getitem(result, (long) r * numClass + k);
      }
    }
    return p;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("scorer is closed");
    }
  }

  /** Frees the FastConfig, the buffers and (through DJL) the booster. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lightgbmlib.LGBM_FastConfigFree(fastConfig);
    lightgbmlib.delete_voidpp(fastConfigOut);
    lightgbmlib.delete_int64_tp(outLen);
    lightgbmlib.delete_doubleArray(out);
    model.close();
  }
}
