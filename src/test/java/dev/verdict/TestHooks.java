package dev.verdict;

import dev.verdict.inference.InferenceHooks;
import java.util.concurrent.atomic.AtomicBoolean;

/** Fault-injection hooks used by the tests (a failing native call, a slow model). */
public final class TestHooks {
  private TestHooks() {
  }

  /** The primary model throws while {@code broken} is set, as a native scoring failure would. */
  public static InferenceHooks failingWhile(AtomicBoolean broken) {
    return new InferenceHooks() {
      @Override
      public void beforePrimary(String model) {
        if (broken.get()) {
          throw new IllegalStateException("injected native scoring failure");
        }
      }
    };
  }

  /** Every primary scoring takes {@code millis} longer while {@code slow} is set. */
  public static InferenceHooks slowWhile(AtomicBoolean slow, long millis) {
    return new InferenceHooks() {
      @Override
      public void beforePrimary(String model) {
        if (slow.get()) {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }
}
