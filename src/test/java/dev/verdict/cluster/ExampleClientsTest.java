package dev.verdict.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.VerdictServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain HTTP client examples, run against a live Verdict (each needs its toolchain on the PATH). */
class ExampleClientsTest {

  private static List<String> run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }

  private static void assertPenguins(List<String> out) {
    assertThat(out).filteredOn(l -> l.startsWith("Prediction for ")).hasSize(3);
    assertThat(String.join("\n", out)).contains("Prediction for [39.1,18.7,181,3750] is: Adelie")
        .contains("is: Chinstrap").contains("Prediction for [47.5,15,218,4950] is: Gentoo");
  }

  @Test
  void nodeFetchClient() throws Exception {
    dev.verdict.Tools.require("node", "nodejs");
    try (VerdictServer s = VerdictServer.start()) {
      assertPenguins(run("node", "examples/node/client.mjs", "http://127.0.0.1:" + s.port));
    }
  }

  @Test
  void goNetHttpClient() throws Exception {
    dev.verdict.Tools.require("go", "golang-go");
    try (VerdictServer s = VerdictServer.start()) {
      assertPenguins(run("go", "run", "examples/go/main.go", "http://127.0.0.1:" + s.port));
    }
  }
}
