package dev.verdict.app;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@code verdict} as a user does: a separate JVM, its own working directory, stdout and stderr apart. */
final class Cli {
  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private Cli() {
  }

  /** The test classpath, absolute, so a subprocess in another directory finds the same classes. */
  static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  static List<String> javaCommand() {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Doffline=true", "-Dai.djl.offline=true", "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
        Main.class.getName()));
  }

  static Run run(Path dir, String... args) throws Exception {
    List<String> cmd = javaCommand();
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("verdict-cli", ".out");
    Path err = Files.createTempFile("verdict-cli", ".err");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("verdict " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
