package dev.verdict.fallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Smile models are stored with Java serialization, gzipped (tree nodes compress several-fold). Reading
 * admits only Smile's and the JDK's classes, so a tampered file cannot instantiate arbitrary code.
 */
final class SmileIO {
  private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
      "smile.**;java.lang.*;java.util.*;java.util.function.*;java.lang.invoke.*;[*;maxdepth=200;!*");

  private SmileIO() {
  }

  static void write(Path file, Object... objects) throws IOException {
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file));
         ObjectOutputStream out = new ObjectOutputStream(os)) {
      for (Object o : objects) {
        out.writeObject(o);
      }
    }
  }

  static Object[] read(Path file, Class<?>... types) throws IOException {
    try (InputStream is = new GZIPInputStream(Files.newInputStream(file));
         ObjectInputStream in = new ObjectInputStream(is)) {
      in.setObjectInputFilter(FILTER);
      Object[] out = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        out[i] = types[i].cast(in.readObject());
      }
      return out;
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("not a valid Smile model file: " + file, e);
    }
  }
}
