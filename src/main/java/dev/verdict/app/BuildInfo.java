package dev.verdict.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Build facts filtered in from the pom ({@code verdict-build.properties}): the one source of Verdict's version
 * and of the Swagger UI webjar's. Read once, when the main verticle's class loads (never on an event loop).
 */
final class BuildInfo {
  private static final Properties P = load();

  private BuildInfo() {
  }

  static String version() {
    return P.getProperty("version", "unknown");
  }

  static String swaggerUiVersion() {
    return P.getProperty("swagger-ui.version");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/verdict-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
