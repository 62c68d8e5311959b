package dev.verdict.app;

import dev.verdict.model.NativeStderr;
import dev.verdict.train.ModelImport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Make a version directory from a LightGBM model trained elsewhere (model.txt, or an MLflow model "
        + "directory): copies the model and writes the manifest it implies, to review and edit.",
        "With --reference TABLE: a baseline for drift and support. With --label COL too: the fallbacks, metrics, "
        + "shift suite and calibration that train builds."})
final class ImportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE|DIR", description = "model.txt, or a directory holding one or an MLmodel")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the version directory to write, models/NAME/VERSION")
  Path out;

  @Option(names = "--labels", split = ",", paramLabel = "a,b,...", description = "class names in class order (default 0..K-1)")
  List<String> labels;

  @Option(names = "--threshold", paramLabel = "P", description = "binary models: predict \"1\" at or above this probability (default 0.5)")
  Double threshold;

  @Option(names = "--reference", paramLabel = "TABLE", description = "JSON-lines rows like the training data")
  Path reference;

  @Option(names = "--label", paramLabel = "COL", description = "the reference table's label column")
  String label;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the reference split and the fallbacks (default ${DEFAULT-VALUE})")
  long seed;

  @picocli.CommandLine.ParentCommand
  Main parent;

  @Override
  public Integer call() throws Exception {
    if (label != null && reference == null) {
      throw new IllegalArgumentException("--label names a column of the --reference table; give --reference too");
    }
    NativeStderr.quietDuringNativeCalls(parent == null || !parent.verbose);
    new ModelImport(model, out, labels, threshold, reference, label, seed).run(System.out);
    return 0;
  }
}
