package dev.verdict.http;

import com.google.protobuf.ByteString;
import dev.verdict.grpc.v2.InferParameter;
import dev.verdict.grpc.v2.InferTensorContents;
import dev.verdict.grpc.v2.ModelInferRequest;
import dev.verdict.grpc.v2.ModelInferResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The gRPC door's protocol, and nothing more: a {@code ModelInferRequest} becomes the JSON request the REST door
 * reads (so the tensors are checked by the same {@link OipTensors} against the same model), and the same
 * {@link OipResponse.Tensor}s become a {@code ModelInferResponse}, typed {@code contents} or
 * {@code raw_output_contents}.
 */
final class GrpcTensors {
  private GrpcTensors() {
  }

  /** The request in the REST door's JSON form: id, parameters, inputs with flat {@code data}, outputs. */
  static JsonObject request(ModelInferRequest r) {
    JsonObject j = new JsonObject();
    if (!r.getId().isEmpty()) {
      j.put("id", r.getId());
    }
    j.put("parameters", parameters(r.getParametersMap()));
    boolean raw = r.getRawInputContentsCount() > 0;
    if (raw && r.getRawInputContentsCount() != r.getInputsCount()) {
      throw new IllegalArgumentException("raw_input_contents holds " + r.getRawInputContentsCount()
          + " entries for " + r.getInputsCount() + " inputs: one per input, in order");
    }
    JsonArray inputs = new JsonArray();
    for (int i = 0; i < r.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor in = r.getInputs(i);
      JsonArray shape = new JsonArray();
      long count = 1;
      for (long d : in.getShapeList()) {
        if (d < 0) {
          throw new IllegalArgumentException("input " + in.getName() + ": shape dimensions must be >= 0");
        }
        shape.add(d);
        count *= d;
      }
      JsonArray data;
      if (raw) {
        if (in.hasContents()) {
          throw new IllegalArgumentException("input " + in.getName() + ": contents and raw_input_contents both given");
        }
        data = BinaryTensors.elements(Buffer.buffer(r.getRawInputContents(i).toByteArray()), in.getDatatype(),
            count, in.getName());
      } else {
        data = contents(in.getContents(), in.getDatatype(), in.getName());
      }
      if (data.size() != count) {
        throw new IllegalArgumentException("input " + in.getName() + ": shape " + shape.encode() + " holds " + count
            + " elements; its contents hold " + data.size());
      }
      inputs.add(new JsonObject().put("name", in.getName()).put("datatype", in.getDatatype()).put("shape", shape)
          .put("data", data));
    }
    j.put("inputs", inputs);
    if (r.getOutputsCount() > 0) {
      JsonArray outputs = new JsonArray();
      r.getOutputsList().forEach(o -> outputs.add(new JsonObject().put("name", o.getName())
          .put("parameters", parameters(o.getParametersMap()))));
      j.put("outputs", outputs);
    }
    return j;
  }

  private static JsonObject parameters(Map<String, InferParameter> params) {
    JsonObject j = new JsonObject();
    params.forEach((k, p) -> j.put(k, switch (p.getParameterChoiceCase()) {
      case BOOL_PARAM -> p.getBoolParam();
      case INT64_PARAM -> p.getInt64Param();
      case STRING_PARAM -> p.getStringParam();
      case DOUBLE_PARAM -> p.getDoubleParam();
      default -> null;
    }));
    return j;
  }

  /** The typed field that matches the datatype; the others must be empty. */
  private static JsonArray contents(InferTensorContents c, String type, String name) {
    List<?> values = switch (type) {
      case "BOOL" -> c.getBoolContentsList();
      case "INT8", "INT16", "INT32" -> c.getIntContentsList();
      case "INT64" -> c.getInt64ContentsList();
      case "UINT8", "UINT16", "UINT32" -> c.getUintContentsList().stream().map(Integer::toUnsignedLong).toList();
      case "UINT64" -> c.getUint64ContentsList();
      case "FP32" -> c.getFp32ContentsList().stream().map(Float::doubleValue).toList();
      case "FP64" -> c.getFp64ContentsList();
      case "BYTES" -> c.getBytesContentsList().stream().map(ByteString::toStringUtf8).toList();
      default -> throw new IllegalArgumentException("input " + name + ": datatype \"" + type + "\" is not supported "
          + "(BOOL, INT8..INT64, UINT8..UINT64, FP32, FP64, BYTES)");
    };
    return new JsonArray(new java.util.ArrayList<>(values));
  }

  /**
   * The answer: every output as raw little-endian bytes when the request sent raw inputs or asked for binary data
   * (the protocol allows raw for all outputs or none), else in typed contents.
   */
  static ModelInferResponse response(String model, String version, String id, List<OipResponse.Tensor> tensors,
                                     boolean rawInputs) {
    boolean raw = rawInputs || tensors.stream().anyMatch(OipResponse.Tensor::binary);
    ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(model).setModelVersion(version);
    if (id != null) {
      b.setId(id);
    }
    for (OipResponse.Tensor t : tensors) {
      ModelInferResponse.InferOutputTensor.Builder o = ModelInferResponse.InferOutputTensor.newBuilder()
          .setName(t.name()).setDatatype(t.datatype());
      for (long d : t.shape()) {
        o.addShape(d);
      }
      if (raw) {
        b.addRawOutputContents(ByteString.copyFrom(BinaryTensors.encode(t.datatype(), t.data()).getBytes()));
      } else {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (Object v : t.data()) {
          if ("BYTES".equals(t.datatype())) {
            c.addBytesContents(ByteString.copyFromUtf8(String.valueOf(v)));
          } else {
            c.addFp64Contents(v == null ? Double.NaN : ((Number) v).doubleValue());
          }
        }
        o.setContents(c);
      }
      b.addOutputs(o);
    }
    return b.build();
  }
}
