package dev.verdict.bus;

import io.vertx.core.json.JsonObject;

/**
 * Node-local control messages, as records: a local codec carries them as they are, and they never cross the
 * cluster. Answers stay JSON (they are what the admin routes return).
 */
public final class Control {
  private Control() {
  }

  /** To the lifecycle coordinator ({@link Addresses#MODELS_ADMIN}), serialised per model. */
  public sealed interface LifecycleOp permits Reload, SetAliases {
    String model();
  }

  /** Read the model's directory again: new versions are loaded, aliases.json is applied. */
  public record Reload(String model) implements LifecycleOp {
  }

  /** Change the aliases; fields left out keep their value, a null removes one. */
  public record SetAliases(String model, JsonObject aliases) implements LifecycleOp {
  }

  /** To one worker's control address: open a staged version ({@code load}), or free one. */
  public record WorkerOp(String model, String version, boolean load) {
  }
}
