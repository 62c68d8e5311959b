package dev.verdict.inference;

import dev.verdict.bus.PredictRequest;
import dev.verdict.bus.Prediction;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.store.LoggedPrediction;
import dev.verdict.store.OutcomeSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's side of the prediction log: turns each answered request into log entries (sampled per request,
 * configured fields left out) and buffers them; the worker hands the buffer to the outcome verticle with its
 * drift events. Plain Java, one per worker, never shared.
 */
final class PredictionLog {
  private final ModelRegistry registry;
  private final String defaultModel;
  private final OutcomeSettings settings;
  private final List<LoggedPrediction> pending = new ArrayList<>();

  PredictionLog(ModelRegistry registry, String defaultModel, OutcomeSettings settings) {
    this.registry = registry;
    this.defaultModel = defaultModel;
    this.settings = settings;
  }

  /** Logs a request's answers; {@code shadow} marks the shadow version's answers to the same request. */
  void add(PredictRequest req, List<Prediction> answers, boolean shadow) {
    if (answers == null || answers.isEmpty() || req.requestId() == null || !settings.sampled(req.requestId())) {
      return;
    }
    String route = shadow ? "shadow" : req.pinned() ? "pinned" : route(answers.get(0));
    long now = System.currentTimeMillis();
    for (int i = 0; i < answers.size(); i++) {
      pending.add(LoggedPrediction.of(req.requestId(), i, answers.get(i), route, now,
          i < req.records().size() ? settings.input(req.records().get(i)) : null));
    }
  }

  private String route(Prediction p) {
    ModelSlot slot = registry.slot(p.model() == null ? defaultModel : p.model());
    return slot != null && p.version().equals(String.valueOf(slot.aliases().canary())) ? "canary" : "stable";
  }

  /** Takes the buffered entries (empty list when none). */
  List<LoggedPrediction> drain() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<LoggedPrediction> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }

  int size() {
    return pending.size();
  }
}
