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
}
