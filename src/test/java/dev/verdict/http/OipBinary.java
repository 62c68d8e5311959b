package dev.verdict.http;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds binary-extension bodies as KServe's and Triton's clients do: JSON header, then raw little-endian tensors. */
final class OipBinary {
  private OipBinary() {
  }

  static byte[] fp32(double... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putFloat((float) v);
    }
    return b.array();
  }

  static byte[] fp64(double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  static byte[] bytes(String... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String v : values) {
      byte[] s = v.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(s.length).array());
      out.writeBytes(s);
    }
    return out.toByteArray();
  }

  /** Header JSON then every tensor's bytes; returns the body, and the header length via {@link Body#headerLength}. */
  static Body body(JsonObject header, List<byte[]> tensors) {
    byte[] head = header.encode().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    tensors.forEach(out::writeBytes);
    return new Body(out.toByteArray(), head.length);
  }

  record Body(byte[] bytes, int headerLength) {
  }

  /** Splits a binary response into its JSON header and the bytes after it. */
  static JsonObject header(byte[] response, int headerLength) {
    return new JsonObject(new String(response, 0, headerLength, StandardCharsets.UTF_8));
  }
}
