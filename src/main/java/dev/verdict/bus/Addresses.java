package dev.verdict.bus;

/** Every event-bus address Verdict uses. */
public final class Addresses {
  /** Request/reply scoring of one record (or a positional vector); cluster-wide, JSON messages. */
  public static final String PREDICT = "verdict.predict";
  /** Request/reply scoring of a batch of records in one call; cluster-wide, JSON messages. */
  public static final String PREDICT_BATCH = "verdict.predict.batch";
  /**
   * The HTTP verticle's way to its own node's workers: {@code PredictRequest} records by reference (local
   * codec). Never leaves the node, so a local record can never be routed to a remote consumer.
   */
  public static final String PREDICT_LOCAL = "verdict.predict.local";
  public static final String PREDICT_BATCH_LOCAL = "verdict.predict.batch.local";
  /** Reply header naming the node that scored a request (cluster callers see the load spread). */
  public static final String NODE_HEADER = "verdict-node";
  /** Fire-and-forget: one event per scored record, for the drift verticle; local to the node. */
  public static final String SCORED = "verdict.scored";
  /** Published by the drift verticle when a model's drift state changes; workers cache it. */
  public static final String DRIFT_STATE = "verdict.drift.state";
  /** Request/reply: the drift report ({@code {"model": name}} for one model, {@code {}} for all); local. */
  public static final String DRIFT_REPORT = "verdict.drift.report";
  /** Node-local liveness of the drift verticle: any message, answered at once from its event loop. */
  public static final String DRIFT_PING = "verdict.drift.ping";
  /** Request/reply: clear the drift windows and verdicts ({@code {"model": name}} or all); local. */
  public static final String DRIFT_RESET = "verdict.drift.reset";

  private Addresses() {
  }

  /** Prefix of each inference worker's own control address (load / unload a model version). */
  public static final String WORKER_CONTROL_PREFIX = "verdict.worker.";
  /** Local publish when a model's slot changed (versions loaded or retired, aliases moved): {"model": ..}. */
  public static final String MODELS_CHANGED = "verdict.models.changed";
  /** Fire-and-forget: a worker's buffered prediction-log entries ({@code LoggedBatch}) for the outcome verticle. */
  public static final String OUTCOME_LOG = "verdict.outcomes.log";
  /** Request/reply: labels for logged predictions, answered once committed ({@code {"model"?, "items": [..]}}). */
  public static final String FEEDBACK = "verdict.feedback";
  /** Request/reply: realized performance of a model ({@code {"model": name, "last"?: n}}); local. */
  public static final String PERFORMANCE = "verdict.performance";
  /** Node-local lifecycle operations: {@link Control.Reload} and {@link Control.SetAliases}. */
  public static final String MODELS_ADMIN = "verdict.models.admin";
}
