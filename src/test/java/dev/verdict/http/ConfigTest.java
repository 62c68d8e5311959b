package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.app.VerdictConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void fileThenEnvironment() throws Exception {
    VerdictConfig c = VerdictConfig.load(Path.of("conf/config.json"),
        Map.of("PORT", "9090", "HOST", "127.0.0.1", "VERDICT_MAX_BATCH", "7", "VERDICT_DEFAULT_MODEL", "penguins"));
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.maxBatch()).isEqualTo(7);
    assertThat(c.defaultModel()).isEqualTo("penguins");
    assertThat(c.sendTimeoutMs()).isEqualTo(5000);
    assertThat(c.workers()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(c.httpInstances()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(c.scorer()).isEqualTo(dev.verdict.model.ScorerPlan.Mode.AUTO);
    assertThat(VerdictConfig.load(Path.of("conf/config.json"), Map.of("VERDICT_SCORER", "lightgbm")).scorer())
        .isEqualTo(dev.verdict.model.ScorerPlan.Mode.LIGHTGBM);
    assertThatThrownBy(() -> VerdictConfig.load(Path.of("conf/config.json"), Map.of("VERDICT_SCORER", "fast")))
        .hasMessageContaining("scorer must be auto, compiled or lightgbm");
  }

  @Test
  void badValuesAreRefusedAtStart() {
    assertThatThrownBy(() -> VerdictConfig.load(Path.of("conf/config.json"), Map.of("PORT", "http")))
        .hasMessageContaining("PORT must be an integer");
    assertThatThrownBy(() -> VerdictConfig.load(Path.of("conf/config.json"), Map.of("VERDICT_SEND_TIMEOUT_MS", "20000")))
        .hasMessageContaining("send_timeout_ms must be shorter");
    assertThatThrownBy(() -> VerdictConfig.load(Path.of("no/such.json"), Map.of()))
        .hasMessageContaining("config file not found");
  }
}
