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

  @Override
  public Integer call() throws Exception {
    return Serve.run(config, cluster);
  }
}
