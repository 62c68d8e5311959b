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
 * configured fields left out); the worker batches them to the outcome verticle with its drift events. Plain
 * Java, one per worker, never shared.
 */
final class PredictionLog {
  private final ModelRegistry registry;
  private final String defaultModel;
  private final OutcomeSettings settings;

  PredictionLog(ModelRegistry registry, String defaultModel, OutcomeSettings settings) {
    this.registry = registry;
    this.defaultModel = defaultModel;
    this.settings = settings;
  }

  /** A request's answers as log entries (none when sampled out); {@code shadow}: the shadow version's answers. */
  List<LoggedPrediction> entries(PredictRequest req, List<Prediction> answers, boolean shadow) {
    if (answers == null || answers.isEmpty() || req.requestId() == null || !settings.sampled(req.requestId())) {
      return List.of();
    }
    String route = shadow ? "shadow" : req.pinned() ? "pinned" : route(answers.get(0));
    long now = System.currentTimeMillis();
    List<LoggedPrediction> out = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      out.add(LoggedPrediction.of(req.requestId(), i, answers.get(i), route, now,
          i < req.records().size() ? settings.input(req.records().get(i)) : null));
    }
    return out;
  }

  private String route(Prediction p) {
    ModelSlot slot = registry.slot(p.model() == null ? defaultModel : p.model());
    return slot != null && p.version().equals(String.valueOf(slot.aliases().canary())) ? "canary" : "stable";
  }
}
