package dev.verdict.fallback;

import dev.verdict.features.FeatureGroup;
import dev.verdict.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import smile.classification.DiscreteNaiveBayes;
import smile.util.SparseArray;

/** Multinomial naive Bayes over the hashed count columns (tokens, categories, crosses); numbers are ignored. */
public final class NaiveBayesFallback implements FallbackModel {
  public static final String FILE = "naive-bayes.ser.gz";

  private final DiscreteNaiveBayes model;
  private final boolean[] counted;
  private final int numClass;

  private NaiveBayesFallback(DiscreteNaiveBayes model, List<FeatureGroup> groups, int size, int numClass) {
    this.model = model;
    this.counted = countedColumns(groups, size);
    this.numClass = numClass;
  }

  /** True when the feature space has hashed count columns for naive Bayes to learn from. */
  public static boolean applicable(List<FeatureGroup> groups) {
    return groups.stream().anyMatch(g -> "hashed".equals(g.kind()));
  }

  public static NaiveBayesFallback train(List<FeatureVector> rows, int[] y, int numClass, List<FeatureGroup> groups) {
    int p = rows.get(0).size();
    boolean[] counted = countedColumns(groups, p);
    DiscreteNaiveBayes nb = new DiscreteNaiveBayes(DiscreteNaiveBayes.Model.MULTINOMIAL, numClass, p);
    SparseArray[] x = new SparseArray[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = sparse(rows.get(i), counted);
    }
    nb.update(x, y);
    return new NaiveBayesFallback(nb, groups, p, numClass);
  }

  public static NaiveBayesFallback load(Path dir, List<FeatureGroup> groups, int size, int numClass)
      throws IOException {
    DiscreteNaiveBayes nb = (DiscreteNaiveBayes) SmileIO.read(dir.resolve(FILE), DiscreteNaiveBayes.class)[0];
    return new NaiveBayesFallback(nb, groups, size, numClass);
  }

  public void save(Path dir) throws IOException {
    SmileIO.write(dir.resolve(FILE), model);
  }

  @Override
  public String kind() {
    return "naive-bayes";
  }

  @Override
  public double[] predictProba(FeatureVector vector, Map<String, ?> record) {
    double[] post = new double[numClass];
    model.predict(sparse(vector, counted), post);
    return post;
  }

  /**
   * Per-column log-likelihood terms, centred over the classes: {@code x_j (log P(j|cls) - mean_c log P(j|c))},
   * with the centred log prior as bias, so bias + terms is the class's centred log posterior and their softmax
   * over the classes is {@link #predictProba}. Each {@code log P(j|c)} (up to a constant the centring removes)
   * comes from Smile's posterior for the column alone; no private state of the model is read.
   */
  @Override
  public Attribution attribute(FeatureVector vector, int cls) {
    double[] logPrior = new double[numClass];
    double[] prior = model.priori();
    for (int k = 0; k < numClass; k++) {
      logPrior[k] = Math.log(prior[k]);
    }
    double[] out = new double[vector.size() + 1];
    out[vector.size()] = centred(logPrior, cls);
    double[] post = new double[numClass];
    for (int i = 0; i < vector.nnz(); i++) {
      int c = vector.indices()[i];
      if (counted[c]) {
        SparseArray one = new SparseArray();
        one.append(c, 1.0);
        model.predict(one, post);
        for (int k = 0; k < numClass; k++) {
          post[k] = Math.log(post[k]);
        }
        out[c] = vector.values()[i] * (centred(post, cls) - out[vector.size()]);
      }
    }
    return new Attribution("naive Bayes log-likelihood terms", "centred log posterior: the softmax over the"
        + " classes of bias + contributions is the answer's probabilities", out);
  }

  private static double centred(double[] logs, int cls) {
    double mean = 0;
    for (double l : logs) {
      mean += l;
    }
    return logs[cls] - mean / logs.length;
  }

  private static boolean[] countedColumns(List<FeatureGroup> groups, int size) {
    boolean[] c = new boolean[size];
    for (FeatureGroup g : groups) {
      if ("hashed".equals(g.kind())) {
        for (int i = g.start(); i < g.end(); i++) {
          c[i] = true;
        }
      }
    }
    return c;
  }

  private static SparseArray sparse(FeatureVector v, boolean[] counted) {
    SparseArray a = new SparseArray();
    for (int i = 0; i < v.nnz(); i++) {
      if (counted[v.indices()[i]]) {
        a.append(v.indices()[i], v.values()[i]);
      }
    }
    return a;
  }
}
