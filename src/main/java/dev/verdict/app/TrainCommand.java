package dev.verdict.app;

import dev.verdict.model.NativeStderr;
import dev.verdict.train.TrainSpec;
import dev.verdict.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a model version from a JSON-lines table: model.txt, manifest.json, baseline.json and fallback/.",
        "Rows without a \"split\" column are split 70/15/15 by label (seed and ratios in the spec's \"split\")."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE", description = "the table, one JSON object per line")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the version directory to write, models/NAME/VERSION")
  Path out;

  @Option(names = "--spec", paramLabel = "FILE", description = "the training spec (default: conf/train/NAME.json, NAME from --out)")
  Path spec;

  @picocli.CommandLine.ParentCommand
  Main parent;

  @Override
  public Integer call() throws Exception {
    Path specFile = spec != null ? spec : defaultSpec();
    if (!Files.isRegularFile(data)) {
      throw new IOException(Files.isDirectory(data) ? data + " is a directory, not a table" : "no such file: " + data);
    }
    NativeStderr.quietDuringNativeCalls(parent == null || !parent.verbose);
    new Trainer(System.out).train(TrainSpec.read(specFile), data, out);
    return 0;
  }

  private Path defaultSpec() throws IOException {
    Path parent = out.toAbsolutePath().normalize().getParent();
    Path guess = Path.of("conf/train/" + (parent == null ? "" : parent.getFileName()) + ".json");
    if (!Files.isRegularFile(guess)) {
      throw new IOException("no spec given and " + guess + " does not exist; pass --spec FILE");
    }
    return guess;
  }
}
