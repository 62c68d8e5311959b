package dev.verdict.train;

import dev.verdict.features.FieldSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Does the spec fit the table? Caught here in words, before LightGBM meets an empty or one-class data set. */
final class TableCheck {
  private TableCheck() {
  }

  /** Fails on what cannot train; returns what can but deserves a word (spec fields the data never has). */
  static List<String> against(TrainSpec spec, TrainingData data) throws IOException {
    String where = data.file() + " with spec " + spec.file();
    List<String> absent = new ArrayList<>();
    for (FieldSpec f : spec.features().fields()) {
      if (data.records().stream().noneMatch(r -> r.get(f.name()) != null)) {
        absent.add(f.name());
      }
    }
    List<String> notes = new ArrayList<>();
    if (!absent.isEmpty()) {
      // Legitimate (the product model accepts seller and rating it never saw), but often a misspelt name.
      notes.add("note: spec field" + (absent.size() > 1 ? "s " : " ") + String.join(", ", absent)
          + (absent.size() > 1 ? " are" : " is") + " in no row of " + data.file() + "; the model accepts "
          + (absent.size() > 1 ? "them" : "it") + " but learns nothing from " + (absent.size() > 1 ? "them" : "it"));
    }
    if (data.classes().size() < 2) {
      throw new IOException(where + ": label \"" + spec.label() + "\" has one value only ("
          + data.classes().get(0) + "); a classifier needs at least two");
    }
    for (String split : SplitRule.NAMES) {
      if (data.indicesOf(split).isEmpty()) {
        throw new IOException(where + ": no " + split + " rows; the \"" + spec.split().field()
            + "\" column must give train, validation and holdout rows (or drop the column to split automatically)");
      }
    }
    return notes;
  }
}
