package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of test classes that share one real Verdict (default config, shipped models) across their tests.
 * The event loop must not have blocked while they ran.
 */
public abstract class SharedServer {
  protected static VerdictServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = VerdictServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    var blocks = server.eventLoopBlocks();
    server.close();
    assertThat(blocks).as("event loop blocked").isEmpty();
  }
}
