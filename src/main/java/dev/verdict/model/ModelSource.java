package dev.verdict.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Where a version directory keeps its LightGBM text model: {@code model.txt}, or the file an MLflow model
 * directory ({@code mlflow.lightgbm.save_model}) names in its {@code MLmodel} file under
 * {@code flavors.lightgbm.data}.
 */
public final class ModelSource {
  public static final String MLMODEL = "MLmodel";

  private ModelSource() {
  }

  /** The model file of {@code dir}, or null when it holds neither a model.txt nor an MLflow LightGBM model. */
  public static Path modelFile(Path dir) throws IOException {
    Path txt = dir.resolve(ModelVersion.MODEL_FILE);
    if (Files.isRegularFile(txt)) {
      return txt;
    }
    Path ml = dir.resolve(MLMODEL);
    if (!Files.isRegularFile(ml)) {
      return null;
    }
    Object data;
    try (Reader r = Files.newBufferedReader(ml)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      data = doc instanceof Map<?, ?> m && m.get("flavors") instanceof Map<?, ?> fl
          && fl.get("lightgbm") instanceof Map<?, ?> lgb ? lgb.get("data") : null;
    } catch (RuntimeException e) {
      throw new IOException(ml + " is not readable YAML: " + e.getMessage(), e);
    }
    if (!(data instanceof String name) || name.isBlank()) {
      throw new IOException(ml + " has no flavors.lightgbm.data naming the model file (not a LightGBM MLflow model)");
    }
    Path file = dir.resolve(name).normalize();
    if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
      throw new IOException(ml + " names the model file " + name + ", which is not in " + dir);
    }
    return file;
  }

  /** Whether {@code dir} holds a model this server can serve without anything else. */
  public static boolean holdsModel(Path dir) {
    return Files.isRegularFile(dir.resolve(ModelVersion.MODEL_FILE)) || Files.isRegularFile(dir.resolve(MLMODEL));
  }
}
