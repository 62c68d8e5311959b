package dev.verdict.http;

import dev.verdict.bus.Prediction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The inference response: {@code predict} (BYTES [N]) and {@code predict_proba} (FP64 [N, k]). A request's
 * {@code outputs} picks which; an output is sent as binary data when it asks ({@code parameters.binary_data}) or
 * the request does ({@code parameters.binary_data_output}).
 */
final class OipResponse {
  static final Set<String> OUTPUTS = Set.of("predict", "predict_proba", "contributions");

  private OipResponse() {
  }

  /** The requested outputs (name → wants binary), in request order; all of them when none are named. */
  static List<Object[]> requested(JsonObject request, boolean regression) {
    JsonObject params = request.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
    boolean allBinary = Boolean.TRUE.equals(params.getValue("binary_data_output"));
    boolean explain = explain(request);
    List<Object[]> out = new ArrayList<>();
    if (!(request.getValue("outputs") instanceof JsonArray asked) || asked.isEmpty()) {
      out.add(new Object[] {"predict", allBinary});
      if (!regression) {
        out.add(new Object[] {"predict_proba", allBinary});
      }
      if (explain) {
        out.add(new Object[] {"contributions", allBinary});
      }
      return out;
    }
    for (Object o : asked) {
      if (!(o instanceof JsonObject a) || !OUTPUTS.contains(a.getString("name", ""))) {
        throw new IllegalArgumentException("outputs: each must be {\"name\": \"predict\" | \"predict_proba\""
            + " | \"contributions\"}");
      }
      if ("predict_proba".equals(a.getString("name")) && regression) {
        throw new IllegalArgumentException("output predict_proba: a regression model answers predict only");
      }
      if ("contributions".equals(a.getString("name")) && !explain) {
        throw new IllegalArgumentException("output contributions needs \"parameters\": {\"explain\": true}");
      }
      JsonObject ap = a.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
      Object b = ap.getValue("binary_data");
      out.add(new Object[] {a.getString("name"), b == null ? allBinary : Boolean.TRUE.equals(b)});
    }
    return out;
  }

  /** The request's {@code parameters.explain}. */
  static boolean explain(JsonObject request) {
    return request.getValue("parameters") instanceof JsonObject p && Boolean.TRUE.equals(p.getValue("explain"));
  }

  /** One output tensor: its elements flattened row-major, and whether the caller wants it as bytes. */
  record Tensor(String name, String datatype, long[] shape, List<Object> data, boolean binary) {
    JsonArray shapeJson() {
      JsonArray a = new JsonArray();
      for (long d : shape) {
        a.add(d);
      }
      return a;
    }
  }

  /**
   * The outputs asked for, from the answers: what every OIP door (REST and gRPC) renders.
   *
   * @param fields the contributions' column order (the model metadata lists it); a row a fallback answered has
   *               none (its terms are on another scale): null in JSON, NaN in binary
   */
  static List<Tensor> tensors(List<Object[]> outputs, List<Prediction> predictions, int classes, List<String> fields) {
    int n = predictions.size();
    List<Tensor> out = new ArrayList<>();
    for (Object[] o : outputs) {
      boolean labels = "predict".equals(o[0]);
      boolean contributions = "contributions".equals(o[0]);
      List<Object> data = new ArrayList<>();
      boolean values = labels && !predictions.isEmpty() && predictions.get(0).regression();
      for (Prediction p : predictions) {
        if (values) {
          data.add(p.value());
        } else if (labels) {
          data.add(p.label());
        } else if (contributions) {
          // one tensor, one scale: only the primary's log-odds terms; a fallback's are on its own scale
          JsonObject c = p.explanation() == null || !"lightgbm".equals(p.explanation().getString("model")) ? null
              : p.explanation().getJsonObject("contributions");
          for (String f : fields) {
            data.add(c == null ? null : c.getDouble(f));
          }
        } else {
          for (double d : p.probabilities()) {
            data.add(d);
          }
        }
      }
      String type = labels && !values ? "BYTES" : "FP64";
      long[] shape = labels ? new long[] {n} : new long[] {n, contributions ? fields.size() : classes};
      out.add(new Tensor((String) o[0], type, shape, data, (Boolean) o[1]));
    }
    return out;
  }

  static void send(RoutingContext ctx, JsonObject head, List<Object[]> outputs, List<Prediction> predictions,
                   int classes, List<String> fields) {
    JsonArray tensors = new JsonArray();
    Buffer binary = Buffer.buffer();
    for (Tensor t : tensors(outputs, predictions, classes, fields)) {
      JsonObject j = new JsonObject().put("name", t.name()).put("datatype", t.datatype()).put("shape", t.shapeJson());
      if (t.binary()) {
        Buffer bytes = BinaryTensors.encode(t.datatype(), t.data());
        j.put("parameters", new JsonObject().put("binary_data_size", bytes.length()));
        binary.appendBuffer(bytes);
      } else {
        j.put("data", new JsonArray(t.data()));
      }
      tensors.add(j);
    }
    head.put("outputs", tensors);
    if (binary.length() == 0) {
      HttpVerticle.json(ctx, head);
      return;
    }
    Buffer json = head.toBuffer();
    ctx.response().putHeader("Content-Type", "application/octet-stream")
        .putHeader(BinaryTensors.HEADER, String.valueOf(json.length()))
        .end(json.appendBuffer(binary));
  }
}
