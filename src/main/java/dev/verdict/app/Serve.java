package dev.verdict.app;

final class Serve {
  private Serve() {
  }

  static int run(Args a) {
    throw new UnsupportedOperationException("serve: not yet");
  }
}
