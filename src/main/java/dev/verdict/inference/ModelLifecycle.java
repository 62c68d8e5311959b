package dev.verdict.inference;

import dev.verdict.bus.Addresses;
import dev.verdict.bus.Failure;
import dev.verdict.model.Aliases;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.model.ModelVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces models while traffic flows. A reload reads {@code aliases.json}, validates every version it names
 * that is not loaded yet (manifest, model.txt, smoke prediction — off the event loop), has every worker open
 * it, and only then swaps the model's {@link ModelSlot}: routing changes in one step. Versions nothing points
 * at any more (except the previous stable, kept for an instant rollback) are then freed on each worker, native
 * booster included; a worker handles one message at a time and the registry no longer routes there, so no
 * request of its own is mid-scoring. A version that fails validation is rejected with its reason and the
 * model keeps serving what it served. Operations on one model run one after another.
 */
public final class ModelLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLifecycle.class);
  private static final DeliveryOptions CONTROL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(120_000);

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final Map<String, Future<?>> queue = new HashMap<>();

  public ModelLifecycle(Vertx vertx, ModelRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** Re-reads the model's aliases.json and loads what it names; completes with the model's new description. */
  public Future<JsonObject> reload(String name) {
    return serial(name, () -> doReload(name));
  }

  /** Points aliases at loaded versions (rollback, canary weight, shadow), effective at once, kept on disk. */
  public Future<JsonObject> setAliases(String name, JsonObject body) {
    return serial(name, () -> doSetAliases(name, body));
  }

  private synchronized Future<JsonObject> serial(String name, java.util.function.Supplier<Future<JsonObject>> op) {
    Future<?> prev = queue.getOrDefault(name, Future.succeededFuture());
    Future<JsonObject> next = prev.transform(x -> op.get());
    queue.put(name, next);
    return next;
  }

  private record Scan(Aliases aliases, Map<String, ModelVersion> added, Map<String, Long> millis,
                      Map<String, String> rejected) {
  }

  private Future<JsonObject> doReload(String name) {
    Path dir = registry.root().resolve(name);
    ModelSlot before = registry.slot(name);
    return vertx.executeBlocking(() -> {
      if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("aliases.json"))) {
        throw fail(Failure.UNKNOWN_MODEL, "unknown model: " + name + " (no " + dir.getFileName() + "/aliases.json)");
      }
      Aliases aliases;
      try {
        aliases = Aliases.read(dir);
      } catch (java.io.IOException e) {
        throw fail(Failure.INVALID_INPUT, "model " + name + ": " + e.getMessage());
      }
      Map<String, ModelVersion> added = new LinkedHashMap<>();
      Map<String, Long> millis = new LinkedHashMap<>();
      Map<String, String> rejected = new LinkedHashMap<>();
      for (String v : aliases.versions()) {
        if (before != null && before.versions().containsKey(v)) {
          continue;
        }
        long t0 = System.nanoTime();
        try {
          added.put(v, ModelRegistry.validate(name, v, dir.resolve(v), false, registry.scorerMode()));
          millis.put(v, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
          rejected.put(v, withoutRoot(e.getMessage()));
        }
      }
      return new Scan(aliases, added, millis, rejected);
    }).compose(scan -> {
      if (!scan.rejected().isEmpty()) {
        remember(name, before, scan.rejected());
        String why = scan.rejected().entrySet().stream().map(e -> "version " + e.getKey() + ": " + e.getValue())
            .reduce((a, b) -> a + "; " + b).orElse("");
        LOG.error("model {}: reload rejected, still serving {}: {}", name,
            before == null ? "nothing" : before.aliases().stable(), why);
        return Future.failedFuture(fail(Failure.INVALID_INPUT, "model " + name + ": reload rejected, "
            + (before == null ? "nothing served" : "version " + before.aliases().stable() + " keeps serving")
            + ": " + why));
      }
      scan.added().values().forEach(registry::stage);
      return onWorkers("load", scan.added().values())
          .recover(e -> onWorkers("unload", scan.added().values()).transform(x -> Future.failedFuture(
              fail(Failure.MODEL_NOT_READY, "model " + name + ": a worker could not open the new version: "
                  + e.getMessage()))))
          .compose(x -> swap(name, before, scan))
          .eventually(() -> {
            scan.added().values().forEach(registry::unstage);
            return Future.succeededFuture();
          });
    });
  }

  private Future<JsonObject> swap(String name, ModelSlot before, Scan scan) {
    Map<String, ModelVersion> versions = new LinkedHashMap<>(before == null ? Map.of() : before.versions());
    versions.putAll(scan.added());
    Map<String, Long> millis = new LinkedHashMap<>(before == null ? Map.of() : before.loadMillis());
    millis.putAll(scan.millis());
    // Keep what the aliases name, plus the previous stable so a rollback needs no load.
    Set<String> keep = new LinkedHashSet<>(scan.aliases().versions());
    if (before != null) {
      keep.add(before.aliases().stable());
    }
    List<ModelVersion> retired = new ArrayList<>();
    versions.entrySet().removeIf(e -> {
      if (!keep.contains(e.getKey())) {
        retired.add(e.getValue());
        return true;
      }
      return false;
    });
    millis.keySet().retainAll(versions.keySet());
    Map<String, String> rejected = new LinkedHashMap<>(before == null ? Map.of() : before.rejected());
    rejected.keySet().removeAll(versions.keySet());
    ModelSlot after = new ModelSlot(name, versions, scan.aliases(), rejected, millis);
    registry.put(after);
    changed(name);
    LOG.info("model {}: now serving {} (loaded {}{})", name, scan.aliases().toJson().encode(), versions.keySet(),
        retired.isEmpty() ? "" : ", freeing " + retired.stream().map(ModelVersion::version).toList());
    return onWorkers("unload", retired).transform(x -> {
      if (x.failed()) {
        LOG.warn("model {}: freeing retired versions: {}", name, x.cause().getMessage());
      }
      return Future.succeededFuture(after.toJson());
    });
  }

  private Future<JsonObject> doSetAliases(String name, JsonObject body) {
    ModelSlot slot = registry.slot(name);
    if (slot == null) {
      return Future.failedFuture(fail(Failure.UNKNOWN_MODEL, "unknown model: " + name));
    }
    Aliases aliases;
    try {
      // Fields left out keep their current value, so {"stable": "1"} alone is a rollback.
      aliases = slot.aliases().changedBy(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(fail(Failure.INVALID_INPUT, "invalid aliases: " + e.getMessage()));
    }
    List<String> missing = aliases.versions().stream().filter(v -> !slot.versions().containsKey(v)).toList();
    if (!missing.isEmpty()) {
      return Future.failedFuture(fail(Failure.CONFLICT, "model " + name + ": version(s) " + missing
          + " not loaded (loaded: " + slot.versions().keySet() + "); name them in aliases.json and POST /models/"
          + name + "/reload"));
    }
    ModelSlot after = slot.with(slot.versions(), aliases, slot.rejected(), slot.loadMillis());
    registry.put(after);
    changed(name);
    LOG.info("model {}: aliases now {}", name, aliases.toJson().encode());
    // On disk too, so a restart serves what the operator chose; routing has already moved.
    return vertx.executeBlocking(() -> {
      aliases.write(registry.root().resolve(name));
      return after.toJson();
    }).recover(e -> Future.succeededFuture(after.toJson().put("warning", "aliases.json not updated: "
        + e.getMessage())));
  }

  private void remember(String name, ModelSlot before, Map<String, String> rejected) {
    if (before != null) {
      Map<String, String> r = new LinkedHashMap<>(before.rejected());
      r.putAll(rejected);
      registry.put(before.with(before.versions(), before.aliases(), r, before.loadMillis()));
    }
  }

  private Future<Void> onWorkers(String op, java.util.Collection<ModelVersion> versions) {
    List<Future<?>> all = new ArrayList<>();
    for (ModelVersion v : versions) {
      for (String worker : registry.workers()) {
        all.add(vertx.eventBus().request(worker, new dev.verdict.bus.Control.WorkerOp(v.name(), v.version(),
            "load".equals(op)), CONTROL));
      }
    }
    return Future.all(all).mapEmpty();
  }

  private void changed(String name) {
    vertx.eventBus().publish(Addresses.MODELS_CHANGED, new JsonObject().put("model", name),
        new DeliveryOptions().setLocalOnly(true));
  }

  /** Reasons name files relative to the models directory: no server paths in any response. */
  private String withoutRoot(String message) {
    if (message == null) {
      return "validation failed";
    }
    String abs = registry.root().toAbsolutePath().toString() + java.io.File.separator;
    return message.replace(abs, "").replace(registry.root().toString() + java.io.File.separator, "");
  }

  private static ReplyException fail(Failure f, String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, f.code,
        new JsonObject().put("error", message).encode());
  }
}
