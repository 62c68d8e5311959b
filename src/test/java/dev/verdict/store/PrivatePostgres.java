package dev.verdict.store;

import dev.verdict.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free loopback port, that the test may stop
 * and start again: an outage without touching the shared test database. Needs Debian's {@code postgresql}
 * package (its binaries live in /usr/lib/postgresql/N/bin, off the PATH). As root it runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean root;

  private PrivatePostgres(Path bin, Path dir, int port, boolean root) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  static PrivatePostgres create() throws Exception {
    Path bin = binaries();
    if (bin == null) {
      Tools.missing("PostgreSQL's initdb and pg_ctl (apt-get install postgresql)",
          "/usr/lib/postgresql/*/bin/pg_ctl is missing");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("verdict-pg");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
    if (root) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    pg.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "verdict", "--auth=trust", "-N", "-E", "UTF8");
    pg.start();
    return pg;
  }

  private static Path binaries() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(b -> major(b.getParent().getFileName().toString()))).orElse(null);
    }
  }

  private static int major(String v) {
    return v.matches("\\d{1,4}") ? Integer.parseInt(v) : -1;
  }

  String uri() {
    return "postgresql://verdict@127.0.0.1:" + port + "/postgres";
  }

  void start() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
  }

  /** Fast shutdown: open connections are cut, as in an outage. */
  void stop() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  private void pg(String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } catch (Exception ignored) {
      // already stopped
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
