package dev.verdict.inference;

import dev.verdict.bus.Failure;
import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.Prediction;
import dev.verdict.bus.ScoredEvent;
import dev.verdict.drift.DriftState;
import dev.verdict.drift.FallbackPolicy;
import dev.verdict.bus.Support;
import dev.verdict.fallback.Router;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.FieldError;
import dev.verdict.features.InvalidInputException;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's scoring: validate and encode with the model's pipeline, score with the primary LightGBM model
 * (one native call per request, batch or not), fall back when the primary fails, report each scored record.
 * Plain Java, one instance per worker, never shared between threads.
 */
public final class InferenceService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);

  /** This worker's open runtimes: model name → version → runtime. */
  private final Map<String, Map<String, ModelRuntime>> runtimes = new LinkedHashMap<>();
  /** Latest drift verdict per model version ({@code name@version}). */
  private final Map<String, DriftState> drift = new HashMap<>();
  private final ModelRegistry registry;
  private final String defaultModel;
  private final Answers answers;
  private final FallbackPolicy policy;
  private final InferenceHooks hooks;
  private final Consumer<ScoredEvent> scored;
  private final InferenceMetrics metrics;
  /** A request's answers, in record order, with the feature vectors they were scored from (the cache keeps them). */
  public record Scored(List<Prediction> predictions, List<FeatureVector> vectors) {
  }

  public InferenceService(ModelRegistry registry, String defaultModel, String fallbackKind, FallbackPolicy policy,
                          InferenceHooks hooks, InferenceMetrics metrics, Consumer<ScoredEvent> scored)
      throws IOException {
    this.defaultModel = defaultModel;
    this.answers = new Answers(fallbackKind);
    this.policy = policy;
    this.hooks = hooks;
    this.scored = scored;
    this.metrics = metrics;
    this.registry = registry;
    try {
      for (var slot : registry.slots().values()) {
        for (ModelVersion v : slot.versions().values()) {
          load(v);
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens this worker's runtime for a version (its own booster); a no-op when already open. */
  public void load(ModelVersion v) throws IOException {
    Map<String, ModelRuntime> byVersion = runtimes.computeIfAbsent(v.name(), k -> new LinkedHashMap<>());
    if (!byVersion.containsKey(v.version())) {
      byVersion.put(v.version(), ModelRuntime.open(v));
    }
  }

  /**
   * Frees this worker's runtime for a version, native booster included. Safe once the registry no longer
   * routes to it: this worker handles one message at a time, so no request of its own is mid-scoring.
   */
  public boolean unload(String model, String version) {
    Map<String, ModelRuntime> byVersion = runtimes.get(model);
    ModelRuntime rt = byVersion == null ? null : byVersion.remove(version);
    if (rt != null) {
      rt.close();
      drift.remove(dev.verdict.bus.VersionKey.of(model, version));
    }
    return rt != null;
  }

  /** Versions this worker has open, per model (for tests and the lifecycle's bookkeeping). */
  public Map<String, java.util.Set<String>> loaded() {
    Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
    runtimes.forEach((m, vs) -> out.put(m, new java.util.LinkedHashSet<>(vs.keySet())));
    return out;
  }

  /** The runtime that answers: routed by the registry, opened here on first use if this worker missed a load. */
  private ModelRuntime runtime(String name, PredictRequest req) {
    var slot = registry.slot(name);
    if (slot == null) {
      throw name.equals(defaultModel)
          ? new InferenceException(Failure.MODEL_NOT_READY, "no model is ready to serve")
          : new InferenceException(Failure.UNKNOWN_MODEL, "unknown model: " + name);
    }
    ModelVersion v = slot.route(req.version(), req.routingKey());
    if (v == null && req.routed()) {
      v = slot.route(null, req.routingKey()); // re-aliased since the door chose: route again
    }
    if (v == null) {
      throw new InferenceException(Failure.UNKNOWN_MODEL, "model " + name + " has no loaded version "
          + req.version() + " (loaded: " + String.join(", ", slot.versions().keySet()) + ")");
    }
    return runtimeOf(v);
  }

  private ModelRuntime runtimeOf(ModelVersion v) {
    ModelRuntime rt = runtimes.getOrDefault(v.name(), Map.of()).get(v.version());
    if (rt == null) {
      try {
        load(v);
      } catch (IOException e) {
        throw new InferenceException(Failure.MODEL_NOT_READY, "model " + v.name() + " version " + v.version()
            + " cannot be opened on this worker");
      }
      rt = runtimes.get(v.name()).get(v.version());
    }
    return rt;
  }

  /**
   * Scores records with the model's shadow version, off the request path (the caller already has its answer):
   * results go to metrics (agreement with what was answered) and to drift, never to the caller.
   */
  public List<Prediction> shadow(PredictRequest req, List<Prediction> answered) {
    String name = req.model() == null ? defaultModel : req.model();
    var slot = registry.slot(name);
    ModelVersion sv = slot == null || req.pinned() ? null : slot.shadow();
    if (sv == null || answered.isEmpty() || sv.version().equals(answered.get(0).version())) {
      return List.of();
    }
    ModelRuntime rt = runtimeOf(sv);
    List<Prediction> out = new ArrayList<>();
    try {
      List<FeatureVector> vectors = encode(rt, req);
      long now = System.currentTimeMillis();
      for (int i = 0; i < vectors.size(); i++) {
        double[] p = rt.scorer() == null ? null : rt.scorer().predict(vectors.get(i));
        if (p == null || !Answers.finite(p)) {
          metrics.of(name, sv.version()).shadow(false, false);
          continue;
        }
        Prediction sp = Answers.of(rt, p, "primary", null, null, null);
        out.add(sp);
        metrics.of(name, sv.version()).shadow(true, sp.label().equals(answered.get(i).label()));
        scored.accept(new ScoredEvent(name, sv.version(), vectors.get(i), p, "shadow",
            rt.support() == null ? null : rt.support().of(vectors.get(i)), now));
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] shadow version {} of {} failed: {}", req.requestId(), sv.version(), name, e.toString());
      metrics.of(name, sv.version()).shadow(false, false);
    }
    // every record or none: a partial list would log answers against the wrong records
    return out.size() == answered.size() ? out : List.of();
  }

  public Scored predict(PredictRequest req) {
    long t0 = System.nanoTime();
    String name = req.model() == null ? defaultModel : req.model();
    try {
      Scored out = score(name, req, t0);
      InferenceMetrics.VersionMeters meters = metrics.of(name, out.predictions().get(0).version());
      meters.predictions(out.predictions());
      meters.inference(System.nanoTime() - t0);
      return out;
    } catch (InferenceException e) {
      metrics.failure(name, e.failure().name());
      throw e;
    }
  }

  private Scored score(String name, PredictRequest req, long t0) {
    if (req.acceptedNanos() > 0) {
      metrics.queueWait(name, t0 - req.acceptedNanos());
    }
    ModelRuntime rt = runtime(name, req);
    if (req.records().isEmpty()) {
      throw new InferenceException(Failure.INVALID_INPUT, "nothing to score",
          List.of(new FieldError("$", "must hold at least one record")));
    }
    List<FeatureVector> vectors = encode(rt, req);
    metrics.of(name, rt.version().version()).batch(vectors.size());
    DriftState state = drift.get(dev.verdict.bus.VersionKey.of(name, rt.version().version()));
    boolean routing = policy.routes(state != null && state.version().equals(rt.version().version()) ? state : null);
    double[][] proba = null;
    String failure = null;
    try {
      if (rt.scorer() == null) {
        throw new IllegalStateException("primary model not loaded: " + rt.version().primaryProblem());
      }
      hooks.beforePrimary(name);
      proba = vectors.size() == 1 ? new double[][] {rt.scorer().predict(vectors.get(0))}
          : rt.scorer().predictBatch(vectors);
    } catch (RuntimeException e) {
      failure = rt.scorer() == null ? "primary model not loaded" : "primary model failed";
      if (rt.scorer() != null) {
        LOG.error("[{}] primary model {} failed: {}", req.requestId(), name, e.toString());
      }
    }
    List<Prediction> out = new ArrayList<>(vectors.size());
    long now = System.currentTimeMillis();
    for (int i = 0; i < vectors.size(); i++) {
      boolean primaryOk = proba != null && Answers.finite(proba[i]);
      Support support = rt.support() == null ? null : rt.support().of(vectors.get(i), req.records().get(i));
      Router.Route route = routing && primaryOk && support != null ? rt.router().pick(support) : null;
      Prediction p;
      if (route != null) {
        p = answers.routed(rt, route, proba[i], vectors.get(i), req.records().get(i), support);
      } else if (primaryOk) {
        p = Answers.of(rt, proba[i], "primary", null, null, support);
      } else {
        p = answers.fallback(rt, vectors.get(i), req.records().get(i),
            failure != null ? failure : "primary returned non-finite scores", support);
      }
      if (req.raw() && "primary".equals(p.path())) {
        p = p.withRaw(rt.scorer().raw(vectors.get(i)));
      }
      if (req.explain() != null) {
        p = p.withExplanation(Explanations.of(rt, p, vectors.get(i), req.records().get(i),
            req.explain().isEmpty() ? -1 : rt.version().labels().indexOf(req.explain())));
      }
      out.add(p);
      scored.accept(new ScoredEvent(rt.version().name(), rt.version().version(), vectors.get(i),
          primaryOk ? proba[i] : null, p.path(), support, now));
    }
    return new Scored(out, vectors);
  }

  /** The drift verticle's latest verdict for a model; requests read it, never wait for it. */
  public void onDriftState(DriftState state) {
    drift.put(dev.verdict.bus.VersionKey.of(state.model(), state.version()), state);
  }

  private List<FeatureVector> encode(ModelRuntime rt, PredictRequest req) {
    List<FeatureVector> vectors = new ArrayList<>(req.records().size());
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < req.records().size(); i++) {
      String prefix = req.batch() ? "[" + i + "]" : "";
      Map<String, Object> r = req.records().get(i);
      try {
        vectors.add(rt.version().pipeline().encodeRecord(r));
      } catch (InvalidInputException e) {
        for (FieldError fe : e.errors()) {
          errors.add(new FieldError(prefix.isEmpty() ? fe.field() : fe.field().isEmpty() ? prefix
              : prefix + "." + fe.field(), fe.message()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InferenceException(Failure.INVALID_INPUT, "request does not match the model's input schema", errors);
    }
    return vectors;
  }

  @Override
  public void close() {
    runtimes.values().forEach(vs -> vs.values().forEach(ModelRuntime::close));
    runtimes.clear();
  }
}
