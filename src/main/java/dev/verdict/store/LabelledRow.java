package dev.verdict.store;

/** A logged prediction joined with its latest label: what realized performance and export read. */
public record LabelledRow(String requestId, int index, String version, String route, String path, long atMs,
                          String input, String answer, Double value, byte[] probabilities, Double confidence,
                          String label, Double labelValue) {
}
