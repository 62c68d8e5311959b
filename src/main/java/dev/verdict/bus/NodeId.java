package dev.verdict.bus;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/** The cluster node id of this Vert.x instance, or {@code "local"} when it is not clustered. */
public final class NodeId {
  private NodeId() {
  }

  public static String of(Vertx vertx) {
    return vertx instanceof VertxInternal vi && vi.clusterManager() != null ? vi.clusterManager().getNodeId() : "local";
  }
}
