package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a docs page's {@code bash} blocks as a reader does, in a scratch copy of the repository:
 * {@code java -jar target/verdict.jar} runs the test classpath's {@code Main} (the jar is packaged after the tests),
 * and the block that is exactly that command starts the server.
 */
final class DocRunner {
  static final String SERVE = "java -jar target/verdict.jar";
  private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DocRunner() {
  }

  /** The page's {@code bash} blocks, in order, trimmed. */
  static List<String> blocks(Path page) throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m = BASH.matcher(Files.readString(page));
    while (m.find()) {
      blocks.add(m.group(1).trim());
    }
    return blocks;
  }

  /** One page block through bash, with {@code java -jar target/verdict.jar} pointing at the test classes. */
  static String bash(Path repo, String block) throws Exception {
    String prelude = "set -euo pipefail\njava() { if [ \"$1\" = -jar ]; then shift 2; \"${VERDICT_CMD[@]}\" \"$@\";"
        + " else command java \"$@\"; fi; }\nVERDICT_CMD=(" + String.join(" ", Cli.javaCommand().stream()
        .map(a -> "'" + a.replace("'", "'\\''") + "'").toList()) + ")\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", prelude + block).directory(repo.toFile());
    Path out = Files.createTempFile("tutorial", ".out");
    Path err = Files.createTempFile("tutorial", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(block).isTrue();
    assertThat(p.exitValue()).as(block + "\n" + Files.readString(err)).isZero();
    return Files.readString(out);
  }

  static Process serve(Path repo, int port) throws Exception {
    return serve(repo, port, java.util.Map.of());
  }

  /** The service as a user starts it, in {@code repo}, with {@code env} on top; ready when this returns. */
  static Process serve(Path repo, int port, java.util.Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Cli.javaCommand()).directory(repo.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(repo.resolve("server.log").toFile());
    pb.environment().putAll(env);
    pb.environment().put("PORT", String.valueOf(port));
    pb.environment().put("HOST", "127.0.0.1");
    pb.environment().put("VERDICT_WORKERS", "1");
    pb.environment().put("VERDICT_REQUEST_LOG_LEVEL", "WARN");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("server exited: " + Files.readString(repo.resolve("server.log"))).isTrue();
      try {
        if (get(port, "/health/ready").contains("UP")) {
          return p;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("server not ready in 120 s: " + Files.readString(repo.resolve("server.log")));
  }

  static String get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * A page's commands run in order in {@code repo}: the block that is exactly {@link #SERVE} starts the server on
   * a free port, every other block runs through bash against it. Closing stops the server.
   */
  static final class Session implements AutoCloseable {
    final Path repo;
    final int port;
    Process server;

    Session(Path repo) throws Exception {
      this.repo = repo;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        this.port = s.getLocalPort();
      }
    }

    /** Each block's standard output, the server block left out. */
    List<String> run(List<String> blocks) throws Exception {
      List<String> out = new ArrayList<>();
      for (String block : blocks) {
        if (block.equals(SERVE)) {
          server = serve(repo, port);
        } else {
          out.add(bash(repo, block.replace("localhost:8080", "127.0.0.1:" + port)));
        }
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }
}
