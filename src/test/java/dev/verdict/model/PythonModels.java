package dev.verdict.model;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The five models Python LightGBM 4.x wrote ({@code examples/python-models/make_models.py}) and the rows it
 * scored, laid out as a data scientist hands them over: {@code NAME/1/model.txt} and nothing else.
 */
public final class PythonModels {
  public static final Path SOURCE = Path.of("examples/python-models");
  public static final List<String> NAMES = List.of("breast-cancer", "diabetes", "iris", "pandas-categorical",
      "missing-values");

  private PythonModels() {
  }

  /** One committed row: the record by the DataFrame's names, the positional vector, Python's output and raw score. */
  public record Row(JsonObject record, List<Object> features, double[] output, double[] raw) {
  }

  /** A models directory holding each model as {@code NAME/1/model.txt} alone. */
  public static Path modelsDir(Path tmp) throws IOException {
    for (String n : NAMES) {
      Path v = Files.createDirectories(tmp.resolve(n).resolve("1"));
      Files.copy(SOURCE.resolve(n).resolve("model.txt"), v.resolve("model.txt"));
    }
    return tmp;
  }

  public static List<Row> rows(String name) {
    try (Stream<String> lines = Files.lines(SOURCE.resolve(name).resolve("rows.jsonl"))) {
      return lines.map(JsonObject::new).map(j -> new Row(j.getJsonObject("record"),
          j.getJsonArray("features").getList(), doubles(j, "output"), doubles(j, "raw"))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double[] doubles(JsonObject j, String key) {
    return j.getJsonArray(key).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
  }
}
