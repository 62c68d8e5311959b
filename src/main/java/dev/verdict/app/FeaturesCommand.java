package dev.verdict.app;

import dev.verdict.features.InvalidInputException;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
    description = "Print the exact vector the server scores for each input line (null = missing); bad lines go to stderr.")
final class FeaturesCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a version directory, models/NAME/VERSION")
  Path model;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "records, one JSON object per line")
  Path input;

  @Override
  public Integer call() throws Exception {
    ModelVersion v = EvaluateCommand.openVersion(model);
    int line = 0;
    int bad = 0;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      for (String s; (s = in.readLine()) != null; ) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        try {
          double[] dense = v.pipeline().encode(new JsonObject(s).getMap()).toDense();
          JsonArray arr = new JsonArray();
          for (double d : dense) {
            arr.add(Double.isNaN(d) ? null : d);
          }
          System.out.println(arr.encode());
        } catch (InvalidInputException e) {
          bad++;
          System.err.println("line " + line + ": " + e.errors());
        } catch (RuntimeException e) {
          bad++;
          System.err.println("line " + line + ": not a JSON object");
        }
      }
    }
    return bad == 0 ? 0 : 1;
  }
}
