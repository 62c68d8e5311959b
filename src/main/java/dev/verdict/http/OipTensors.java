package dev.verdict.http;

import dev.verdict.features.FieldSpec;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request tensors → one record per row. An all-numeric model takes one FP/INT tensor [N, fields]: under its
 * canonical name {@code features}, or, when it is the request's only tensor and not named after a field, under
 * any name ({@code input-0} is what KServe's and Triton's clients send; MLServer accepts it too). Per-field
 * tensors ([N], BYTES for text, numbers otherwise) keep strict names.
 */
final class OipTensors {
  static final String FEATURES = "features";

  private OipTensors() {
  }

  static List<Map<String, Object>> records(JsonArray inputs, ModelVersion v, int maxBatch) {
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("\"inputs\" must hold at least one tensor");
    }
    List<Map<String, Object>> rows = null;
    for (int t = 0; t < inputs.size(); t++) {
      JsonObject in = inputs.getJsonObject(t);
      String name = in.getString("name");
      String type = in.getString("datatype", "");
      JsonArray shape = in.getJsonArray("shape");
      List<Object> data = flatten(in.getValue("data"));
      if (name == null || shape == null || shape.isEmpty()) {
        throw new IllegalArgumentException("input " + t + ": \"name\", \"shape\" and \"data\" are required");
      }
      int n = shape.getInteger(0);
      if (n < 1 || n > maxBatch) {
        throw new IllegalArgumentException("input " + name + ": batch dimension must be 1.." + maxBatch);
      }
      if (rows == null) {
        rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          rows.add(new HashMap<>());
        }
      } else if (rows.size() != n) {
        throw new IllegalArgumentException("input " + name + ": batch dimension differs from the other inputs");
      }
      boolean numericModel = v.manifest().features().columnar();
      boolean alias = inputs.size() == 1 && numericModel && v.manifest().features().field(name) == null;
      if (numericModel && (FEATURES.equals(name) || alias)) {
        int width = v.manifest().features().fields().size();
        if (shape.size() != 2 || shape.getInteger(1) != width || data.size() != n * width || !numeric(type)) {
          throw new IllegalArgumentException("input " + name + ": expected FP32/FP64 with shape [N, " + width + "]"
              + (alias ? " (the model's single tensor, \"" + FEATURES + "\")" : ""));
        }
        for (int i = 0; i < n; i++) {
          rows.get(i).put(FEATURES, new ArrayList<>(data.subList(i * width, (i + 1) * width)));
        }
      } else {
        FieldSpec f = v.manifest().features().field(name);
        if (f == null) {
          throw new IllegalArgumentException("input " + name + ": not an input of model " + v.name() + " (inputs: "
              + String.join(", ", v.manifest().features().fields().stream().map(FieldSpec::name).toList())
              + (numericModel ? ", or one tensor [N, " + v.manifest().features().fields().size() + "]" : "") + ")");
        }
        boolean typeOk = f.isHashed() ? "BYTES".equals(type) : numeric(type) || f.isCategory() && "BYTES".equals(type);
        if (shape.size() != 1 || data.size() != n || !typeOk) {
          throw new IllegalArgumentException("input " + name + ": expected " + (f.isHashed() ? "BYTES" : "FP32/FP64/INT")
              + " with shape [" + n + "]");
        }
        for (int i = 0; i < n; i++) {
          rows.get(i).put(name, data.get(i));
        }
      }
    }
    return rows;
  }

  private static boolean numeric(String type) {
    return type.startsWith("FP") || type.startsWith("INT") || type.startsWith("UINT");
  }

  private static List<Object> flatten(Object data) {
    List<Object> out = new ArrayList<>();
    if (data instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof JsonArray || o instanceof List) {
          out.addAll(flatten(o instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : o));
        } else {
          out.add(o);
        }
      }
    } else if (data != null) {
      throw new IllegalArgumentException("\"data\" must be an array");
    }
    return out;
  }
}
