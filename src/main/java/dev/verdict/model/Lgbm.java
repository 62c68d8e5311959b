package dev.verdict.model;

import ai.djl.ml.lightgbm.jni.LibUtils;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.lightgbmlib;
import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** lightgbmlib plumbing shared by training and scoring: native loading, error checks, native CSR arrays. */
public final class Lgbm {
  private Lgbm() {
  }

  /** Loads the native library bundled in the lightgbmlib jar (through DJL, which owns its extraction). */
  public static void ensureNative() {
    try {
      LibUtils.loadNative();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the LightGBM native library", e);
    }
  }

  /** Runs native calls, with LightGBM's own fatal-error print silenced where {@link NativeStderr} says so. */
  public static <T> T native_(java.util.function.Supplier<T> calls) {
    return NativeStderr.around(calls);
  }

  public static void check(int rc, String what) {
    if (rc != 0) {
      throw new LightGbmException(what + " failed: " + lightgbmlib.LGBM_GetLastError());
    }
  }

  /** Rows in CSR form in native memory; free it with {@link #close()}. */
  public static final class NativeCsr implements AutoCloseable {
    public final SWIGTYPE_p_int indptr;
    public final SWIGTYPE_p_int indices;
    public final SWIGTYPE_p_double data;
    public final int rows;
    public final int nnz;
    public final int cols;

    public NativeCsr(List<FeatureVector> vectors, int cols) {
      this.rows = vectors.size();
      this.cols = cols;
      this.nnz = vectors.stream().mapToInt(FeatureVector::nnz).sum();
      this.indptr = lightgbmlib.new_intArray(rows + 1L);
      this.indices = lightgbmlib.new_intArray(Math.max(1, nnz));
      this.data = lightgbmlib.new_doubleArray(Math.max(1, nnz));
      int at = 0;
      lightgbmlib.intArray_setitem(indptr, 0, 0);
      for (int r = 0; r < rows; r++) {
        FeatureVector v = vectors.get(r);
        for (int i = 0; i < v.nnz(); i++, at++) {
          lightgbmlib.intArray_setitem(indices, at, v.indices()[i]);
          lightgbmlib.doubleArray_setitem(data, at, v.values()[i]);
        }
        lightgbmlib.intArray_setitem(indptr, r + 1L, at);
      }
    }

    @Override
    public void close() {
      lightgbmlib.delete_intArray(indptr);
      lightgbmlib.delete_intArray(indices);
      lightgbmlib.delete_doubleArray(data);
    }
  }
}
