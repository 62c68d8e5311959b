package dev.verdict.model;

import dev.verdict.features.FeatureSpec;
import dev.verdict.features.FieldSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest a model file implies on its own: one field per feature in the model's order, named as LightGBM
 * stored it; a pandas {@code category} column as its categories; a number trained with missing values accepts
 * null; the objective and its classes. Served as is when a version directory has no {@code manifest.json}, and
 * written for review by {@code import}.
 */
public final class DerivedManifest {
  private DerivedManifest() {
  }

  /**
   * @param labels class names in class order, or null for {@code "0"}..{@code "K-1"} (ignored for regression)
   */
  public static JsonObject of(String name, String version, ModelFile mf, List<String> labels) throws IOException {
    List<FieldSpec> fields = new ArrayList<>();
    int pandasColumn = 0;
    for (int i = 0; i < mf.numFeatures(); i++) {
      String f = mf.featureNames().get(i);
      if (mf.categorical(i)) {
        if (!mf.pandasCategorical().isEmpty()) {
          if (pandasColumn >= mf.pandasCategorical().size()) {
            throw new IOException("model.txt lists more categorical features than pandas_categorical columns ("
                + mf.pandasCategorical().size() + ")");
          }
          fields.add(new FieldSpec(f, FieldSpec.CATEGORY, true, 0, "none", null, null, 1000, true,
              mf.pandasCategorical().get(pandasColumn++)));
        } else {
          // integer-coded categories (the model was trained on codes): a negative or unseen code goes right
          fields.add(new FieldSpec(f, FieldSpec.INTEGER, true, 0, "none", null, null, 1000, true, null));
        }
      } else {
        // A number the trees never saw missing would silently read NaN as 0: null is refused there.
        fields.add(new FieldSpec(f, FieldSpec.NUMBER, true, 0, "none", null, null, 1000,
            mf.missingLearned()[i] || mf.range(i) == null, null));
      }
    }
    if (pandasColumn != mf.pandasCategorical().size()) {
      throw new IOException("pandas_categorical lists " + mf.pandasCategorical().size() + " columns, model.txt "
          + pandasColumn + " categorical features");
    }
    FeatureSpec spec = new FeatureSpec(1, 1, 0, 256, fields, List.of());
    Objective o = mf.objective();
    JsonObject m = new JsonObject()
        .put("name", name)
        .put("version", version)
        .put("created", "")
        .put("task", o.regression() ? "regression" : o.kind() == Objective.Kind.BINARY ? "binary-classification"
            : "multiclass-classification")
        .put("framework", "lightgbm")
        .put("objective", o.toJson())
        .put("model_sha256", mf.sha256())
        .put("source", new JsonObject().put("derived_from", "model file").put("feature_names",
            new JsonArray(mf.featureNames())).put("feature_infos", new JsonArray(mf.featureInfos())));
    if (o.classifier()) {
      int k = o.kind() == Objective.Kind.BINARY ? 2 : mf.numClass();
      m.put("labels", new JsonArray(labels != null ? labels : defaultLabels(k)));
    }
    return m.put("schema", FeatureSpecJson.inputSchema(spec)).put("features", FeatureSpecJson.toJson(spec));
  }

  public static List<String> defaultLabels(int k) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add(String.valueOf(i));
    }
    return out;
  }
}
