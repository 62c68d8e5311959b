package dev.verdict.inference;

import dev.verdict.bus.Prediction;
import dev.verdict.bus.Support;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Router;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.Probabilities;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who answers when the primary does not: the route's measured-best candidate for an out-of-support request,
 * the configured fallback for a primary failure, the training prior last. Plain Java, one per worker.
 */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(Answers.class);
  /** Config {@code fallback: auto}: each version's measured-best fallback answers its primary's failures. */
  static final String AUTO = "auto";

  private final String fallbackKind;

  Answers(String fallbackKind) {
    this.fallbackKind = fallbackKind;
  }

  /**
   * The answer of the candidate measured best for the request's condition: a fallback, or its blend with the
   * primary ({@code primary+<kind>}). If that candidate cannot answer, the primary does: it scored already.
   */
  Prediction routed(ModelRuntime rt, Router.Route route, double[] primary, FeatureVector v,
                    Map<String, Object> record, Support support) {
    String answer = route.choice().answer();
    FallbackModel f = rt.fallbacks().get(Router.fallbackOf(answer));
    if (f != null) {
      try {
        double[] q = f.predictProba(v, record);
        if (finite(q)) {
          return of(rt, Router.isBlend(answer) ? Router.blend(primary, q) : q, "fallback", answer, route.reason(),
              support);
        }
      } catch (RuntimeException e) {
        LOG.error("routed candidate {} of {} failed: {}", answer, rt.version().name(), e.toString());
      }
    }
    return of(rt, primary, "primary", null, null, support);
  }

  /**
   * The primary failed: the configured fallback ({@code auto}: the version's measured-best one), else the
   * training prior.
   */
  Prediction fallback(ModelRuntime rt, FeatureVector v, Map<String, Object> record, String reason, Support support) {
    String kind = AUTO.equals(fallbackKind) ? rt.defaultFallback() : fallbackKind;
    FallbackModel f = kind == null ? null : rt.fallbacks().get(kind);
    if (f != null) {
      try {
        double[] p = f.predictProba(v, record);
        if (finite(p)) {
          return of(rt, p, "fallback", f.kind(), reason, support);
        }
      } catch (RuntimeException e) {
        LOG.error("fallback {} of {} failed: {}", kind, rt.version().name(), e.toString());
      }
    }
    if (rt.version().objective().regression()) {
      // A regression has no prior to answer with: an honest failure beats a made-up number.
      throw new InferenceException(dev.verdict.bus.Failure.MODEL_NOT_READY, reason + " and model "
          + rt.version().name() + " has no fallback");
    }
    return of(rt, rt.priors().clone(), "default", null, reason + "; answering with the training prior", support);
  }

  static Prediction of(ModelRuntime rt, double[] p, String path, String kind, String reason, Support support) {
    return new Prediction(rt.version().name(), rt.version().version(), rt.labelField(), rt.version().labels(), p,
        Probabilities.predicted(p, rt.version().objective()), path, kind, reason, support);
  }

  static boolean finite(double[] p) {
    for (double d : p) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }
}
