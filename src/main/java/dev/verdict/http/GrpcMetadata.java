package dev.verdict.http;

import dev.verdict.grpc.v2.ModelMetadataResponse;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/** A model's metadata as the gRPC door answers it: the REST door's document, in protobuf. */
final class GrpcMetadata {
  private GrpcMetadata() {
  }

  static ModelMetadataResponse of(ModelVersion v, Collection<String> versions) {
    JsonObject doc = OipRoutes.metadata(v);
    ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(v.name())
        .setPlatform(doc.getString("platform")).addAllVersions(versions)
        .putParameters("objective", OipGrpc.string(doc.getJsonObject("parameters").getJsonObject("objective").encode()));
    doc.getJsonArray("inputs").forEach(o -> b.addInputs(tensor((JsonObject) o)));
    doc.getJsonArray("outputs").forEach(o -> b.addOutputs(tensor((JsonObject) o)));
    return b.build();
  }

  private static ModelMetadataResponse.TensorMetadata tensor(JsonObject t) {
    ModelMetadataResponse.TensorMetadata.Builder b = ModelMetadataResponse.TensorMetadata.newBuilder()
        .setName(t.getString("name")).setDatatype(t.getString("datatype"));
    t.getJsonArray("shape").forEach(d -> b.addShape(((Number) d).longValue()));
    if (t.getValue("parameters") instanceof JsonObject p) {
      // labels, categories, fields: lists, sent as JSON text in a string parameter
      p.forEach(e -> b.putParameters(e.getKey(), OipGrpc.string(e.getValue() instanceof JsonArray a ? a.encode()
          : String.valueOf(e.getValue()))));
    }
    if (t.containsKey("optional")) {
      b.putParameters("optional", dev.verdict.grpc.v2.InferParameter.newBuilder()
          .setBoolParam(t.getBoolean("optional")).build());
    }
    return b.build();
  }
}
