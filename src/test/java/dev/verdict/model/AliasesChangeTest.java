package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** POST /models/{name}/aliases as a merge: what it keeps, what it drops, and which changes start a new canary trial. */
class AliasesChangeTest {
  private static final Aliases TRIPPED = Aliases.fromJson(new JsonObject().put("stable", "1").put("canary", "2")
      .put("canary_weight", 0.0).put("canary_guard", new JsonObject().put("max_drop", 0.02)
          .put(Aliases.TRIPPED, "canary 2 accuracy -0.7")));

  @Test
  void fieldsLeftOutStayAndANullRemovesOne() {
    Aliases a = TRIPPED.changedBy(new JsonObject().put("stable", "2").putNull("canary"));
    assertThat(a.stable()).isEqualTo("2");
    assertThat(a.canary()).isNull();
    assertThat(a.canaryGuard().getDouble("max_drop")).isEqualTo(0.02);
    assertThat(TRIPPED.changedBy(null)).isEqualTo(TRIPPED);
  }

  @Test
  void anOperatorsNewWeightOrCanaryStartsANewTrial() {
    assertThat(TRIPPED.changedBy(new JsonObject().put("canary_weight", 0.3)).canaryGuard().fieldNames())
        .containsExactly("max_drop");
    assertThat(TRIPPED.changedBy(new JsonObject().put("canary", "3")).canaryGuard().containsKey(Aliases.TRIPPED))
        .isFalse();
  }

  @Test
  void theGuardsOwnMoveAndOtherChangesKeepTheVerdict() {
    JsonObject own = new JsonObject().put("canary_weight", 0.0)
        .put("canary_guard", new JsonObject().put("max_drop", 0.02).put(Aliases.TRIPPED, "again"));
    assertThat(TRIPPED.changedBy(own).canaryGuard().getString(Aliases.TRIPPED)).isEqualTo("again");
    assertThat(TRIPPED.changedBy(new JsonObject().put("shadow", "2")).canaryGuard().getString(Aliases.TRIPPED))
        .isEqualTo("canary 2 accuracy -0.7");
  }

  @Test
  void aChangeThatMakesInvalidAliasesIsRefused() {
    assertThatThrownBy(() -> TRIPPED.changedBy(new JsonObject().put("canary_weight", 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canary_weight");
  }
}
