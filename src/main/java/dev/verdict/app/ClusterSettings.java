package dev.verdict.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Vert.x cluster (Hazelcast) settings, {@code cluster} section of the config. The default join is a TCP-IP
 * member list; multicast and cloud auto-detection stay off unless a Hazelcast XML says otherwise.
 *
 * @param hazelcastPort first port Hazelcast tries (auto-incremented when taken)
 * @param eventBusPort  event-bus TCP port, 0 = any free port
 * @param hazelcastXml  optional path to a full Hazelcast config (multicast, Kubernetes, ...) used instead
 */
public record ClusterSettings(boolean enabled, String name, String host, int hazelcastPort, int eventBusPort,
                              List<String> members, String hazelcastXml) {

  public static final JsonObject DEFAULTS = new JsonObject().put("enabled", false).put("name", "verdict")
      .put("host", "127.0.0.1").put("hazelcast_port", 5701).put("event_bus_port", 0)
      .put("members", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703").put("hazelcast_xml", "");

  public static ClusterSettings fromJson(JsonObject json) {
    JsonObject j = DEFAULTS.copy().mergeIn(json == null ? new JsonObject() : json);
    Object m = j.getValue("members");
    List<String> members = m instanceof JsonArray a ? a.stream().map(Object::toString).toList()
        : List.of(String.valueOf(m).split("\\s*,\\s*"));
    return new ClusterSettings(Boolean.parseBoolean(String.valueOf(j.getValue("enabled"))), j.getString("name"),
        j.getString("host"), j.getInteger("hazelcast_port"), j.getInteger("event_bus_port"), members,
        j.getString("hazelcast_xml", ""));
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("name", name).put("host", host)
        .put("hazelcast_port", hazelcastPort).put("event_bus_port", eventBusPort).put("members", String.join(",", members))
        .put("hazelcast_xml", hazelcastXml);
  }
}
