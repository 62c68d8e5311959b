package dev.verdict.app;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point: {@code serve} (the default), {@code train}, {@code evaluate}, {@code features}. Every failure is
 * one line on stderr and a non-zero exit; {@code --verbose} adds the stack trace.
 */
@Command(name = "verdict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Serve, train and evaluate tree models. Run 'verdict COMMAND --help' for a command's options.",
    subcommands = {ServeCommand.class, TrainCommand.class, ImportCommand.class, EvaluateCommand.class, ExportCommand.class, FeaturesCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  /** What a command returns to keep the JVM up (the server). */
  static final int KEEP_RUNNING = Integer.MIN_VALUE;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "print the stack trace of a failure")
  boolean verbose;

  public static void main(String[] args) {
    Offline.enforce();
    int code = run(args);
    if (code != KEEP_RUNNING) {
      System.exit(code);
    }
  }

  static int run(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine cli = new CommandLine(new Main())
        .setParameterExceptionHandler((e, a) -> {
          System.err.println(CliErrors.usageLine(e));
          return 2;
        })
        .setExecutionExceptionHandler((e, c, parsed) -> {
          System.err.println("verdict " + c.getCommandName() + ": " + CliErrors.line(e));
          if (verbose) {
            e.printStackTrace();
          }
          return 1;
        });
    return cli.execute(withDefaultCommand(args));
  }

  /** No command (or options only) means {@code serve}, as the README and the Dockerfile run it. */
  private static String[] withDefaultCommand(String[] args) {
    List<String> top = List.of("-h", "--help", "-V", "--version");
    if (args.length == 0 || args[0].startsWith("-") && !top.contains(args[0])) {
      String[] out = new String[args.length + 1];
      out[0] = "serve";
      System.arraycopy(args, 0, out, 1, args.length);
      return out;
    }
    return args;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"verdict " + BuildInfo.version()};
    }
  }
}
