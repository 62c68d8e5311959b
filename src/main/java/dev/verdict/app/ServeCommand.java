package dev.verdict.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the service (the default command).")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", defaultValue = "conf/config.json", description = "configuration file (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--cluster", description = "join the Hazelcast cluster (as VERDICT_CLUSTER_ENABLED=true)")
  boolean cluster;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "serve the models under DIR (as VERDICT_MODELS_DIR)")
  String modelsDir;

  @Option(names = "--default-model", paramLabel = "NAME",
      description = "the model /predict and readiness use (as VERDICT_DEFAULT_MODEL)")
  String defaultModel;

  @Override
  public Integer call() throws Exception {
    java.util.Map<String, String> overrides = new java.util.HashMap<>();
    if (modelsDir != null) {
      overrides.put("VERDICT_MODELS_DIR", modelsDir);
    }
    if (defaultModel != null) {
      overrides.put("VERDICT_DEFAULT_MODEL", defaultModel);
    }
    return Serve.run(config, cluster, overrides);
  }
}
