package dev.verdict.features;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lower-cased word tokens: runs of Unicode letters and digits after NFKC normalisation. */
public final class Tokenizer {
  private Tokenizer() {
  }

  public static List<String> tokens(String text, int maxTokens) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    String norm = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    int start = -1;
    for (int i = 0; i < norm.length() && out.size() < maxTokens; ) {
      int cp = norm.codePointAt(i);
      boolean word = Character.isLetterOrDigit(cp);
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        out.add(norm.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0 && out.size() < maxTokens) {
      out.add(norm.substring(start));
    }
    return out;
  }
}
