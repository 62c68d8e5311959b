package dev.verdict.features;

import java.util.List;

/** The input cannot be encoded; carries every offending field, not just the first. */
public class InvalidInputException extends IllegalArgumentException {
  private final List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(errors.isEmpty() ? "invalid input" : errors.get(0).field() + ": " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
