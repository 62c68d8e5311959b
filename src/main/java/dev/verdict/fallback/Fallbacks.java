package dev.verdict.fallback;

import dev.verdict.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fallback models shipped in a version's {@code fallback/} directory, by kind. */
public final class Fallbacks {
  private Fallbacks() {
  }

  public static Map<String, FallbackModel> load(ModelVersion v) throws IOException {
    Path dir = v.fallbackDir();
    int k = v.labels().size();
    Map<String, FallbackModel> out = new LinkedHashMap<>();
    if (Files.exists(dir.resolve(RandomForestFallback.FILE))) {
      out.put("random-forest", RandomForestFallback.load(dir, k));
    }
    if (Files.exists(dir.resolve(NaiveBayesFallback.FILE))) {
      out.put("naive-bayes", NaiveBayesFallback.load(dir, v.pipeline().groups(), v.pipeline().size(), k));
    }
    if (Files.exists(dir.resolve(RegressionForestFallback.FILE))) {
      out.put(RegressionForestFallback.KIND, RegressionForestFallback.load(dir));
    }
    if (Files.exists(dir.resolve(RuleFallback.FILE))) {
      out.put("rules", RuleFallback.load(dir, v.pipeline()));
    }
    return out;
  }
}
