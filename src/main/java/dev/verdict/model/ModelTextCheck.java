package dev.verdict.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Structural check of a LightGBM text model before the native library sees it. LightGBM 3.2.1 trusts the
 * {@code tree_sizes} header and reads past the buffer of a truncated file (SIGSEGV, taking the JVM down),
 * so a version is only handed to it when every tree is where the header says and the tree list is closed.
 */
final class ModelTextCheck {
  private ModelTextCheck() {
  }

  static void verify(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1); // byte offsets == char offsets
    if (!text.startsWith("tree\n") || !text.contains("\nnum_class=")) {
      throw new IOException(file.getFileName() + " is not a LightGBM text model");
    }
    int end = text.indexOf("\nend of trees");
    if (end < 0) {
      throw new IOException(file.getFileName() + " is truncated: no \"end of trees\"");
    }
    int sizesAt = text.indexOf("\ntree_sizes=");
    if (sizesAt < 0) {
      return;
    }
    int eol = text.indexOf('\n', sizesAt + 1);
    String[] sizes = text.substring(sizesAt + "\ntree_sizes=".length(), eol).trim().split(" ");
    int pos = text.indexOf("\nTree=0\n");
    if (pos < 0) {
      throw new IOException(file.getFileName() + " has no trees");
    }
    pos++;
    for (int i = 0; i < sizes.length; i++) {
      if (!text.startsWith("Tree=" + i + "\n", pos)) {
        throw new IOException(file.getFileName() + ": tree " + i + " is not where tree_sizes puts it");
      }
      try {
        pos += Integer.parseInt(sizes[i]);
      } catch (NumberFormatException e) {
        throw new IOException(file.getFileName() + ": bad tree_sizes entry " + sizes[i], e);
      }
      if (pos > end + 1) {
        throw new IOException(file.getFileName() + ": tree " + i + " runs past the end of the tree list");
      }
    }
  }
}
