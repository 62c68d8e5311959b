package dev.verdict.app;

import dev.verdict.model.JsonFiles;
import dev.verdict.model.LightGbmException;
import io.vertx.core.json.DecodeException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A failure in words: one line, no stack trace. */
final class CliErrors {
  private static final Pattern CHECK = Pattern.compile("Check failed: \\(([^)]*)\\) (\\S+) \\(([^)]*)\\)");

  private CliErrors() {
  }

  static String usageLine(CommandLine.ParameterException e) {
    String name = e.getCommandLine().getCommandName();
    String help = "see 'verdict " + ("verdict".equals(name) ? "" : name + " ") + "--help'";
    String msg = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      var hints = u.getSuggestions();
      msg = "verdict".equals(name) && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")
          ? "unknown command '" + u.getUnmatched().get(0) + "'" : unmatched(u.getUnmatched());
      if (!hints.isEmpty()) {
        msg += " (did you mean " + String.join(" or ", hints) + "?)";
      }
    }
    return "verdict" + ("verdict".equals(name) ? "" : " " + name) + ": " + oneLine(msg) + "; " + help;
  }

  private static String unmatched(java.util.List<String> args) {
    String first = args.isEmpty() ? "" : args.get(0);
    return (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'";
  }

  static String line(Throwable t) {
    Throwable e = t;
    while ((e instanceof ExecutionException || e instanceof CompletionException || e instanceof UncheckedIOException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String msg;
    if (e instanceof NoSuchFileException n) {
      msg = "no such file: " + n.getFile();
    } else if (e instanceof AccessDeniedException a) {
      msg = "cannot read " + a.getFile() + ": permission denied";
    } else if (e instanceof NotDirectoryException d) {
      msg = "not a directory: " + d.getFile();
    } else if (e instanceof DecodeException d) {
      msg = JsonFiles.describe(d);
    } else if (e instanceof LightGbmException) {
      msg = lightGbm(e.getMessage());
    } else if (e instanceof UnsatisfiedLinkError) {
      msg = "LightGBM's native library did not load (" + e.getMessage() + "); it needs libgomp1";
    } else if (e instanceof OutOfMemoryError) {
      msg = "out of memory; give the JVM more heap with -Xmx";
    } else {
      msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return oneLine(msg);
  }

  /** {@code BoosterCreate failed: Check failed: (num_leaves) > (1) at ...cpp, line 342 .} in words. */
  static String lightGbm(String raw) {
    Matcher m = CHECK.matcher(raw == null ? "" : raw);
    if (m.find()) {
      String step = raw.contains(" failed:") ? raw.substring(0, raw.indexOf(" failed:")) : "training";
      return "LightGBM refused at " + step + ": " + m.group(1) + " must be " + m.group(2) + " " + m.group(3)
          + " (check the \"lightgbm\" parameters in the spec, and that every split has rows)";
    }
    Matcher token = Pattern.compile("Unknown token (\\S+)").matcher(raw == null ? "" : raw);
    if (token.find()) {
      return "LightGBM cannot read the value '" + token.group(1) + "' of a \"lightgbm\" parameter in the spec";
    }
    String text = raw == null ? "" : raw.replaceAll(" at \\S+\\.cpp, line \\d+ ?\\.?", "");
    return "LightGBM failed: " + text;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
