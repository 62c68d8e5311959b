package dev.verdict.inference;

import dev.verdict.bus.Failure;
import dev.verdict.features.FieldError;
import java.util.List;

/** A request the inference service refuses, with the failure code the caller will see. */
public class InferenceException extends RuntimeException {
  private final Failure failure;
  private final List<FieldError> details;

  public InferenceException(Failure failure, String message, List<FieldError> details) {
    super(message);
    this.failure = failure;
    this.details = List.copyOf(details);
  }

  public InferenceException(Failure failure, String message) {
    this(failure, message, List.of());
  }

  public Failure failure() {
    return failure;
  }

  public List<FieldError> details() {
    return details;
  }
}
