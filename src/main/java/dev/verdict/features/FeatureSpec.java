package dev.verdict.features;

import java.util.List;

/**
 * Everything needed to turn one input record into one feature vector, stored in the model's manifest.
 *
 * @param seed      MurmurHash3 seed: part of the model, never change it for a trained model
 * @param ngrams    1 = unigrams, 2 = unigrams + bigrams for text fields
 * @param prefix    also hash the first {@code prefix} characters of longer tokens (0 = off); a cheap stemmer
 *                  that lets "bookcase" and "bookcases" share a column
 * @param maxTokens tokens kept per text field; the rest of an overlong text is ignored
 */
public record FeatureSpec(int seed, int ngrams, int prefix, int maxTokens, List<FieldSpec> fields,
                          List<CrossSpec> crosses) {

  public FeatureSpec {
    fields = List.copyOf(fields);
    crosses = List.copyOf(crosses);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a feature spec needs at least one field");
    }
    if (ngrams < 1 || ngrams > 2) {
      throw new IllegalArgumentException("ngrams must be 1 or 2");
    }
    for (CrossSpec c : crosses) {
      FieldSpec cat = find(fields, c.categorical());
      FieldSpec num = find(fields, c.number());
      if (cat == null || !cat.isHashed() || num == null || !num.isNumeric()) {
        throw new IllegalArgumentException("cross " + c.name() + " must join a categorical and a numeric field");
      }
    }
  }

  public FieldSpec field(String name) {
    return find(fields, name);
  }

  private static FieldSpec find(List<FieldSpec> fields, String name) {
    for (FieldSpec f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * True when every field is one column (a number, or a category code): such models also accept a positional
   * {@code features} array and OIP tensors, in field order.
   */
  public boolean columnar() {
    return fields.stream().allMatch(f -> f.isNumeric() || f.isCategory()) && crosses.isEmpty();
  }
}
