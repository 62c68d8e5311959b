package dev.verdict.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Which alias changes start a new canary trial (the guard's last verdict dropped), without a server. */
class RearmGuardTest {
  private static JsonObject merged() {
    return new JsonObject().put("stable", "1").put("canary", "2").put("canary_weight", 0.0)
        .put("canary_guard", new JsonObject().put("max_drop", 0.02).put("tripped", "canary 2 accuracy -0.7"));
  }

  private static JsonObject after(JsonObject body) {
    JsonObject m = merged().mergeIn(body);
    ModelLifecycle.rearmGuard(body, m);
    return m.getJsonObject("canary_guard");
  }

  @Test
  void anOperatorsNewWeightOrCanaryStartsANewTrial() {
    assertThat(after(new JsonObject().put("canary_weight", 0.3)).fieldNames()).containsExactly("max_drop");
    assertThat(after(new JsonObject().put("canary", "3")).containsKey("tripped")).isFalse();
  }

  @Test
  void theGuardsOwnMoveAndOtherChangesKeepTheVerdict() {
    JsonObject own = new JsonObject().put("canary_weight", 0.0)
        .put("canary_guard", new JsonObject().put("max_drop", 0.02).put("tripped", "again"));
    assertThat(after(own).getString("tripped")).isEqualTo("again");
    assertThat(after(new JsonObject().put("stable", "2")).getString("tripped")).isEqualTo("canary 2 accuracy -0.7");
  }
}
