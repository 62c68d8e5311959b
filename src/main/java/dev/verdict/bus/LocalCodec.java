package dev.verdict.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable records by reference between verticles of one JVM: no encoding on the hot path.
 * Messages sent with it never leave the node (cluster callers use JSON instead).
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;

  public LocalCodec(Class<T> type) {
    this.type = type;
  }

  public static String nameOf(Class<?> type) {
    return "verdict-local-" + type.getSimpleName();
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local-only; send JSON across the cluster");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local-only; send JSON across the cluster");
  }

  @Override
  public T transform(T t) {
    return t;
  }

  @Override
  public String name() {
    return nameOf(type);
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
