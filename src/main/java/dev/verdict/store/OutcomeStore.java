package dev.verdict.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where predictions and their labels are kept: an embedded SQLite file by default, PostgreSQL for production
 * and clusters. The same schema (migrated by Flyway) and the same contract; {@code OutcomeStoreTest} runs the
 * same checks against both.
 */
public interface OutcomeStore {
  /** Appends logged predictions in one transaction: all of them or, on failure, none. */
  Future<Void> append(List<LoggedPrediction> entries);

  /** The predictions logged under these request ids (any index, model, route): to validate labels against. */
  Future<List<LoggedPrediction>> lookup(List<String> requestIds);

  /**
   * Stores labels in one committed transaction, the latest per (request id, index) kept and a replaced one
   * counted; completes only once committed.
   */
  Future<LabelWrite> label(List<Feedback> items, long atMs);

  /** The latest {@code limit} labelled predictions of a model, newest first. */
  Future<List<LabelledRow>> labelled(String model, int limit);

  /** Labelled predictions of a model (a version, or all when null) since {@code sinceMs}, oldest first. */
  Future<List<LabelledRow>> export(String model, String version, long sinceMs);

  /** Deletes predictions and labels older than {@code beforeMs}, then the oldest predictions beyond {@code maxRows}. */
  Future<Long> retain(long beforeMs, long maxRows);

  Future<Void> close();

  /** @param matched labels whose prediction is in the log; @param corrected labels that replaced an earlier one */
  record LabelWrite(int stored, int matched, int corrected) {
  }
}
