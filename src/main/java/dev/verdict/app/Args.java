package dev.verdict.app;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} and {@code --flag} options. */
record Args(Map<String, String> options) {

  static Args parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + args[i]);
      }
      String key = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        m.put(key, args[++i]);
      } else {
        m.put(key, "true");
      }
    }
    return new Args(m);
  }

  String get(String key, String def) {
    return options.getOrDefault(key, def);
  }

  String require(String key) {
    String v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }

  boolean flag(String key) {
    return "true".equals(options.get(key));
  }
}
