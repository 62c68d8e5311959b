package dev.verdict.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A crashed drift verticle never stops scoring, and comes back by itself. */
class DriftSupervisionTest {

  @Test
  void scoringContinuesAndDriftIsRedeployed() throws Exception {
    try (VerdictServer s = VerdictServer.start()) {
      String first = s.main.driftDeployment();
      s.vertx.undeploy(first).await(10, TimeUnit.SECONDS); // the crash
      assertThat(s.get("/drift").statusCode()).isEqualTo(503); // nobody to ask right now
      for (int i = 0; i < 20; i++) {
        assertThat(s.postJson("/predict", TestModels.iphone()).statusCode()).isEqualTo(200);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      int status = 0;
      while (System.nanoTime() < deadline && (status = s.get("/drift").statusCode()) != 200) {
        Thread.sleep(200);
      }
      assertThat(status).isEqualTo(200);
      assertThat(s.main.driftDeployment()).isNotEqualTo(first);
    }
  }
}
