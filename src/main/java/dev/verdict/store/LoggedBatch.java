package dev.verdict.store;

import java.util.List;

/** A worker's buffered log entries, handed to the outcome verticle in one local message. */
public record LoggedBatch(List<LoggedPrediction> entries) {
  public LoggedBatch {
    entries = List.copyOf(entries);
  }
}
