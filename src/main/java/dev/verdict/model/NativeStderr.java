package dev.verdict.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.function.Supplier;

/**
 * LightGBM writes {@code [LightGBM] [Fatal] ...} straight to file descriptor 2 before it returns the same text
 * through {@code LGBM_GetLastError}; its log callback does not cover fatal errors. A command line that promises
 * one line per failure points descriptor 2 at {@code /dev/null} around the native calls and reports the error
 * itself. Off by default (the server keeps LightGBM's own output); the {@code train} command turns it on unless
 * {@code --verbose}.
 */
public final class NativeStderr {
  private static volatile boolean quiet;

  private NativeStderr() {
  }

  interface LibC extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  public static void quietDuringNativeCalls(boolean on) {
    quiet = on;
  }

  static <T> T around(Supplier<T> call) {
    if (!quiet) {
      return call.get();
    }
    LibC c;
    int saved;
    int devNull;
    try {
      c = Native.load("c", LibC.class);
      saved = c.dup(2);
      devNull = c.open("/dev/null", 1);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return call.get();
    }
    if (saved < 0 || devNull < 0) {
      return call.get();
    }
    System.err.flush();
    c.dup2(devNull, 2);
    try {
      return call.get();
    } finally {
      c.dup2(saved, 2);
      c.close(saved);
      c.close(devNull);
    }
  }
}
