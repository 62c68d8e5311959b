package dev.verdict.features;

/** One offending input field and what is wrong with it, as reported to the caller. */
public record FieldError(String field, String message) {
}
