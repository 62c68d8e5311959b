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

  /**
   * Whether {@link #tokens} finds at least one token. A letter or digit stays one under NFKC and lower-casing, so
   * a text holding one answers without normalising (the request check runs this on every required text field);
   * only a text without any (e.g. compatibility characters that NFKC turns into digits) takes the long way.
   */
  public static boolean hasToken(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    boolean ascii = true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        return true;
      }
      ascii &= cp < 0x80;
      i += Character.charCount(cp);
    }
    return !ascii && !tokens(text, 1).isEmpty();
  }
}
