package dev.verdict.model;

import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * A manifest belongs to its model file or the version is refused, with the mismatch named: a manifest read with
 * another model's fields, order or classes would score every request wrong without a single error.
 */
final class ManifestCheck {
  private ManifestCheck() {
  }

  static void against(Manifest m, ModelFile mf, Path file) throws IOException {
    String name = file.getFileName().toString();
    if (m.modelSha256() != null && !m.modelSha256().equals(mf.sha256())) {
      throw new IOException(name + " was replaced: its SHA-256 is " + mf.sha256().substring(0, 12)
          + "..., the manifest was written for " + m.modelSha256().substring(0, Math.min(12, m.modelSha256().length()))
          + "... (run import or train again to write a manifest for this file)");
    }
    if (m.objective().kind() != mf.objective().kind()) {
      throw new IOException("the manifest says objective " + m.objective().kind().wire() + ", " + name + " is "
          + mf.objective().name());
    }
    int outputs = m.objective().outputs(m.labels().size());
    if (outputs != mf.numClass()) {
      throw new IOException("the manifest lists " + m.labels().size() + " classes, " + name + " has " + mf.numClass());
    }
    int width = new FeaturePipeline(m.features()).size();
    if (width != mf.numFeatures()) {
      throw new IOException("the manifest's fields make " + width + " features, " + name + " has " + mf.numFeatures());
    }
    // Verdict's own trainer writes unnamed columns (hashed blocks have no one name); a model with names and one
    // column per field must list the same names in the same order.
    if (!mf.unnamed() && m.features().columnar()) {
      List<String> fields = m.features().fields().stream().map(FieldSpec::name).toList();
      if (!fields.equals(mf.featureNames())) {
        boolean sameSet = new HashSet<>(fields).equals(new HashSet<>(mf.featureNames()));
        throw new IOException(sameSet
            ? "the manifest lists the fields in another order than " + name + ": manifest " + head(fields)
                + ", model " + head(mf.featureNames())
            : "the manifest's fields are not " + name + "'s features: manifest " + head(fields) + ", model "
                + head(mf.featureNames()));
      }
    }
  }

  private static String head(List<String> names) {
    return names.size() <= 6 ? String.join(",", names) : String.join(",", names.subList(0, 6)) + ",...";
  }
}
