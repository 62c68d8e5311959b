package dev.verdict.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Open Inference Protocol's binary tensor data extension (KServe, Triton): a JSON header whose length is
 * in {@code Inference-Header-Content-Length}, then each binary input's bytes in input order, little-endian,
 * row major; an input says it is binary with {@code parameters.binary_data_size}. BYTES elements are a 4-byte
 * length and that many bytes. Requests are decoded into the JSON form, so one code path reads both.
 */
final class BinaryTensors {
  static final String HEADER = "Inference-Header-Content-Length";
  static final String EXTENSION = "binary_tensor_data";

  private BinaryTensors() {
  }

  /** The request with every binary input's {@code data} filled in; IllegalArgumentException names what is wrong. */
  static JsonObject decode(Buffer given, String headerLength) {
    Buffer body = given == null ? Buffer.buffer() : given;
    int json;
    try {
      json = Integer.parseInt(headerLength.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(HEADER + " must be a byte count, got \"" + headerLength + "\"");
    }
    if (json < 2 || json > body.length()) {
      throw new IllegalArgumentException(HEADER + " is " + json + " but the body holds " + body.length() + " bytes");
    }
    JsonObject req;
    try {
      req = new JsonObject(body.getBuffer(0, json));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the first " + json + " bytes (" + HEADER + ") are not a JSON inference request");
    }
    JsonArray inputs = req.getValue("inputs") instanceof JsonArray a ? a : null;
    if (inputs == null) {
      throw new IllegalArgumentException("\"inputs\" must hold at least one tensor");
    }
    int at = json;
    for (int t = 0; t < inputs.size(); t++) {
      if (!(inputs.getValue(t) instanceof JsonObject in)) {
        throw new IllegalArgumentException("input " + t + " is not an object");
      }
      JsonObject params = in.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
      Object size = params.getValue("binary_data_size");
      if (size == null) {
        continue;
      }
      String name = in.getString("name", "#" + t);
      if (!(size instanceof Number n) || n.longValue() < 0 || n.longValue() != n.doubleValue()) {
        throw new IllegalArgumentException("input " + name + ": binary_data_size must be a whole byte count");
      }
      if (in.containsKey("data")) {
        throw new IllegalArgumentException("input " + name + ": give \"data\" or binary_data_size, not both");
      }
      long len = n.longValue();
      if (len > body.length() - at) {
        throw new IllegalArgumentException("input " + name + ": binary_data_size " + len + " runs past the end of"
            + " the body (" + (body.length() - at) + " bytes left)");
      }
      in.put("data", elements(body.getBuffer(at, at + (int) len), in.getString("datatype", ""), count(in, name), name));
      at += (int) len;
    }
    if (at != body.length()) {
      throw new IllegalArgumentException((body.length() - at) + " bytes after the last binary input: the"
          + " binary_data_size values do not add up to the body");
    }
    return req;
  }

  private static long count(JsonObject in, String name) {
    if (!(in.getValue("shape") instanceof JsonArray shape) || shape.isEmpty()) {
      throw new IllegalArgumentException("input " + name + ": \"shape\" is required");
    }
    long n = 1;
    for (Object d : shape) {
      if (!(d instanceof Number k) || k.longValue() < 0 || k.longValue() > 1_000_000) {
        throw new IllegalArgumentException("input " + name + ": shape must hold dimensions ≥ 0");
      }
      n *= k.longValue();
    }
    return n;
  }

  static JsonArray elements(Buffer b, String type, long count, String name) {
    JsonArray out = new JsonArray();
    if ("BYTES".equals(type)) {
      int at = 0;
      while (at < b.length()) {
        if (b.length() - at < 4) {
          throw new IllegalArgumentException("input " + name + ": a BYTES element's 4-byte length is cut short");
        }
        long len = b.getUnsignedIntLE(at);
        if (len > b.length() - at - 4) {
          throw new IllegalArgumentException("input " + name + ": a BYTES element of " + len + " bytes runs past"
              + " its binary_data_size");
        }
        out.add(b.getString(at + 4, at + 4 + (int) len, StandardCharsets.UTF_8.name()));
        at += 4 + (int) len;
      }
      if (out.size() != count) {
        throw new IllegalArgumentException("input " + name + ": " + out.size() + " BYTES elements for a shape of "
            + count);
      }
      return out;
    }
    int width = width(type, name);
    if (b.length() != count * width) {
      throw new IllegalArgumentException("input " + name + ": binary_data_size is " + b.length() + " bytes; shape"
          + " and " + type + " need " + count * width);
    }
    for (int i = 0; i < count; i++) {
      int o = i * width;
      out.add(switch (type) {
        case "FP32" -> (Object) (double) Float.intBitsToFloat(b.getIntLE(o));
        case "FP64" -> Double.longBitsToDouble(b.getLongLE(o));
        case "INT8" -> (long) b.getByte(o);
        case "UINT8" -> (long) b.getUnsignedByte(o);
        case "INT16" -> (long) b.getShortLE(o);
        case "UINT16" -> (long) b.getUnsignedShortLE(o);
        case "INT32" -> (long) b.getIntLE(o);
        case "UINT32" -> b.getUnsignedIntLE(o);
        case "INT64", "UINT64" -> b.getLongLE(o);
        case "BOOL" -> b.getByte(o) != 0;
        default -> throw new IllegalArgumentException("input " + name + ": datatype " + type + " is not supported");
      });
    }
    return out;
  }

  private static int width(String type, String name) {
    return switch (type) {
      case "BOOL", "INT8", "UINT8" -> 1;
      case "INT16", "UINT16" -> 2;
      case "FP32", "INT32", "UINT32" -> 4;
      case "FP64", "INT64", "UINT64" -> 8;
      default -> throw new IllegalArgumentException("input " + name + ": datatype \"" + type + "\" is not supported"
          + " (FP16 and BF16 are not; use FP32)");
    };
  }

  /** Output bytes: BYTES as length-prefixed UTF-8, FP64 as 8-byte little-endian. */
  static Buffer encode(String datatype, List<?> data) {
    Buffer b = Buffer.buffer();
    for (Object o : data) {
      if ("BYTES".equals(datatype)) {
        byte[] s = String.valueOf(o).getBytes(StandardCharsets.UTF_8);
        b.appendIntLE(s.length).appendBytes(s);
      } else {
        b.appendLongLE(Double.doubleToLongBits(o == null ? Double.NaN : ((Number) o).doubleValue()));
      }
    }
    return b;
  }
}
