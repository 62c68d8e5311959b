package dev.verdict.app;

import java.util.Arrays;

/** Entry point: {@code serve} (default), {@code train}, {@code evaluate}, {@code features}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Offline.enforce();
    String command = args.length == 0 || args[0].startsWith("-") ? "serve" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
    int code = switch (command) {
      case "serve" -> Serve.run(Args.parse(rest));
      case "train" -> Commands.train(Args.parse(rest));
      case "evaluate" -> Commands.evaluate(Args.parse(rest));
      case "features" -> Commands.features(Args.parse(rest));
      case "help", "--help", "-h" -> usage(0);
      default -> usage(2);
    };
    if (code != Integer.MIN_VALUE) {
      System.exit(code);
    }
  }

  private static int usage(int code) {
    System.err.println("""
        usage: java -jar target/verdict.jar [command] [options]
          serve     [--config conf/config.json] [--cluster]          start the service (default)
          train     --data FILE --out models/NAME/VERSION [--spec conf/train/NAME.json]
          evaluate  --model models/NAME/VERSION [--data FILE] [--split holdout|validation|train|all] [--no-shifts]
          features  --model models/NAME/VERSION --input FILE.jsonl   print the scored vector of each record
        """);
    return code;
  }
}
