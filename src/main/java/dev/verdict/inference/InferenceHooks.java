package dev.verdict.inference;

/**
 * Test seam for fault injection (a worker exception, a native failure, a hang) at the point where the primary
 * model is about to score. Production deploys {@link #NONE}; there is no configuration flag that reaches it.
 */
public interface InferenceHooks {
  InferenceHooks NONE = new InferenceHooks() {
  };

  /** Called on the worker thread before the primary model scores a request for {@code model}. */
  default void beforePrimary(String model) {
  }
}
