package dev.verdict.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What keeps the pages from rotting, as lists of problems (empty = fine), so a test can show each check
 * catching a broken copy: every relative link resolves to a file and, with {@code #anchor}, to one of its
 * headings; the configuration reference lists exactly the keys the config code reads.
 */
final class DocChecks {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
  private static final Pattern FENCE = Pattern.compile("```.*?```", Pattern.DOTALL);
  private static final Pattern CONFIG_ROW = Pattern.compile("^\\| `([a-z_.]+)` \\| `([A-Z_]+)` \\| ([^|]*) \\|",
      Pattern.MULTILINE);
  private static final Pattern FIRST_CODE = Pattern.compile("^\\s*`([^`]*)`");

  private DocChecks() {
  }

  /** README.md and every page under docs/. */
  static List<Path> pages(Path root) throws IOException {
    List<Path> out = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  static List<String> brokenLinks(Path root) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path page : pages(root)) {
      String text = FENCE.matcher(Files.readString(page)).replaceAll("");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = root.relativize(page) + ": (" + target + ")";
        if (!Files.exists(to)) {
          problems.add(where + " points at a missing file");
        } else if (anchor != null && to.toString().endsWith(".md") && !anchors(to).contains(anchor)) {
          problems.add(where + " names no heading of " + root.relativize(to));
        }
      }
    }
    return problems;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(Path page) throws IOException {
    Set<String> out = new HashSet<>();
    Matcher m = HEADING.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
    while (m.find()) {
      out.add(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return out;
  }

  /**
   * The configuration table against the code: the same keys and variables, each variable named by the
   * convention, and a default that starts with a literal agrees with the code's default.
   *
   * @param defaults key (dotted for sections) → the code's default
   * @param variables every environment variable the config code reads
   */
  static List<String> configProblems(Path page, Map<String, Object> defaults, Set<String> variables)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    Set<String> vars = new TreeSet<>();
    Matcher m = CONFIG_ROW.matcher(Files.readString(page));
    while (m.find()) {
      String key = m.group(1);
      String var = m.group(2);
      keys.add(key);
      vars.add(var);
      String want = "host".equals(key) || "port".equals(key) ? key.toUpperCase(Locale.ROOT)
          : "VERDICT_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
      if (!var.equals(want)) {
        problems.add(key + ": documented as " + var + ", read as " + want);
      }
      Matcher d = FIRST_CODE.matcher(m.group(3));
      if (defaults.containsKey(key) && d.find() && !d.group(1).equals(String.valueOf(defaults.get(key)))) {
        problems.add(key + ": documented default " + d.group(1) + ", the code's " + defaults.get(key));
      }
    }
    for (String k : defaults.keySet()) {
      if (!keys.contains(k)) {
        problems.add(k + ": read by the config code, missing from the reference");
      }
    }
    for (String k : keys) {
      if (!defaults.containsKey(k)) {
        problems.add(k + ": in the reference, but the config code reads no such key");
      }
    }
    Set<String> missingVars = new TreeSet<>(variables);
    missingVars.removeAll(vars);
    missingVars.forEach(v -> problems.add(v + ": read by the config code, missing from the reference"));
    return problems;
  }
}
