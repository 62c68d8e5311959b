package dev.verdict;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Outside tools a test needs. On a machine without one, the test is skipped with one line naming the tool and
 * the package that brings it, so the README's test command stays green with only Java, Maven and libgomp1.
 * {@code VERDICT_REQUIRE_TOOLS=true} (set by {@code .ci/run}, which installs them all) turns every such skip into
 * a failure: CI can never pass by skipping.
 */
public final class Tools {
  public static final String REQUIRE = "VERDICT_REQUIRE_TOOLS";

  private Tools() {
  }

  public static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Skips the calling test unless {@code tool} is on the PATH; fails instead when tools are required. */
  public static void require(String tool, String debianPackage) {
    if (!onPath(tool)) {
      missing(tool + " (apt-get install " + debianPackage + ")", tool + " is not on the PATH");
    }
  }

  /**
   * The one rule for a tool that is not there: one {@code SKIPPED: needs WHAT} line and a skip, or a failure
   * saying {@code why} when tools are required ({@code .ci/run}).
   */
  public static void missing(String what, String why) {
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
      throw new AssertionError(REQUIRE + "=true, but the test needs " + what + " and " + why);
    }
    String line = "SKIPPED: needs " + what;
    System.out.println(line);
    assumeTrue(false, line);
  }

  /** The PostgreSQL the store tests use ({@code .ci/run} starts one and sets it), or a skip naming what is missing. */
  public static String postgresUri() {
    String uri = System.getenv("VERDICT_TEST_PG_URI");
    if (uri != null && !uri.isBlank()) {
      return uri;
    }
    missing("a PostgreSQL server in VERDICT_TEST_PG_URI (apt-get install postgresql; .ci/run starts one)",
        "VERDICT_TEST_PG_URI is not set");
    return null;
  }
}
