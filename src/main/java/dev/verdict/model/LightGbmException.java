package dev.verdict.model;

/** A failure reported by the native LightGBM library. */
public class LightGbmException extends RuntimeException {
  public LightGbmException(String message) {
    super(message);
  }
}
