package dev.verdict.store;

import dev.verdict.features.FieldError;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelSlot;
import dev.verdict.model.ModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Labels against the predictions they are for: the answering version's classes, or a value for a regression. */
final class FeedbackCheck {
  private FeedbackCheck() {
  }

  /** A classifier's label must be one of the answering version's classes; a regression's is a value. */
  static List<FieldError> check(ModelRegistry registry, List<Feedback> items, List<LoggedPrediction> known, String model, boolean batch) {
    Map<String, LoggedPrediction> byKey = new HashMap<>();
    for (LoggedPrediction p : known) {
      if (model == null || model.equals(p.model())) {
        byKey.putIfAbsent(p.requestId() + "#" + p.index(), p);
      }
    }
    List<FieldError> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Feedback f = items.get(i);
      LoggedPrediction p = byKey.get(f.requestId() + "#" + f.index());
      ModelVersion v = p != null ? version(registry, p.model(), p.version()) : model != null ? registry.slot(model).stable() : null;
      if (v == null) {
        continue; // prediction not logged (sampled out, expired, not flushed yet): kept, matched later
      }
      String at = batch ? "[" + i + "]." : "";
      if (v.objective().regression() && f.value() == null) {
        out.add(new FieldError(at + "value", "is required: " + v.name() + " is a regression"));
      } else if (v.objective().classifier() && f.label() == null) {
        out.add(new FieldError(at + "label", "is required: " + v.name() + " is a classifier"));
      } else if (v.objective().classifier() && !v.labels().contains(f.label())) {
        out.add(new FieldError(at + "label", "\"" + f.label() + "\" is not a class of " + v.name() + " (" + String.join(", ",
            v.labels().subList(0, Math.min(10, v.labels().size()))) + (v.labels().size() > 10 ? ", ..." : "") + ")"));
      }
    }
    return out;
  }

  private static ModelVersion version(ModelRegistry registry, String model, String version) {
    ModelSlot slot = registry.slot(model);
    return slot == null ? null : slot.versions().get(version);
  }
}
