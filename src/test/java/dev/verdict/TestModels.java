package dev.verdict;

import dev.verdict.model.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real shipped models, opened once per test JVM. */
public final class TestModels {
  public static final Path MODELS = Path.of("models");
  public static final Path PRODUCT_DIR = MODELS.resolve("product-classifier/1");
  public static final Path PENGUINS_DIR = MODELS.resolve("penguins/1");
  private static final Map<Path, ModelVersion> CACHE = new HashMap<>();

  static {
    System.setProperty("offline", "true");
    System.setProperty("ai.djl.offline", "true");
  }

  private TestModels() {
  }

  public static synchronized ModelVersion open(Path dir) {
    return CACHE.computeIfAbsent(dir, d -> {
      try {
        return ModelVersion.open(d);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public static ModelVersion product() {
    return open(PRODUCT_DIR);
  }

  public static ModelVersion penguins() {
    return open(PENGUINS_DIR);
  }

  public static Map<String, Object> iphone() {
    Map<String, Object> p = new HashMap<>();
    p.put("title", "Apple iPhone 15 Pro Max");
    p.put("seller_id", "seller_123");
    p.put("brand", "Apple");
    p.put("subcategory", "Smartphones");
    p.put("price", 1299.99);
    p.put("rating", 4.8);
    p.put("reviews_count", 15234);
    return p;
  }

  /** Copies a directory tree (a model, or a whole models root) for tests that change files. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (var paths = java.nio.file.Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
        }
      }
    }
  }

  /** A second (third, ...) version of the product classifier: the shipped one, under another version name. */
  public static void productVersion(Path root, String version) throws IOException {
    Path dir = root.resolve("product-classifier").resolve(version);
    copyTree(PRODUCT_DIR, dir);
    Path manifest = dir.resolve("manifest.json");
    io.vertx.core.json.JsonObject m = new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(manifest));
    java.nio.file.Files.writeString(manifest, m.put("version", version).encodePrettily());
  }
}
