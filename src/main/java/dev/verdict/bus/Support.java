package dev.verdict.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How well one request's own input is covered by the training data, read from its encoded vector alone.
 *
 * @param unseenTextShare share of the text fields' hashed tokens (words, prefixes, bigrams) in buckets no
 *                        training row used; NaN when the model has no text field or the text was empty
 * @param textTokens      words in the text fields
 * @param outOfRange      numeric fields outside the training range
 * @param missing         fields missing that at least 90% of training rows had
 * @param unseenCategories categorical fields whose value no training row had
 * @param conditions      the shifted conditions this input is in ({@link SupportProfile} names them);
 *                        empty when it is in support
 */
public record Support(double unseenTextShare, int textTokens, List<String> outOfRange, List<String> missing,
                      List<String> unseenCategories, List<String> conditions) {

  public boolean inSupport() {
    return conditions.isEmpty();
  }

  /** The unseen share as answers show it: three decimals are plenty for a share, and keep bodies short. */
  public double shownUnseenTextShare() {
    return Math.round(unseenTextShare * 1000) / 1000.0;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("in_support", inSupport()).put("conditions", new JsonArray(conditions));
    if (!Double.isNaN(unseenTextShare)) {
      j.put("unseen_text_share", shownUnseenTextShare()).put("text_tokens", textTokens);
    }
    return j.put("out_of_range", new JsonArray(outOfRange)).put("missing", new JsonArray(missing))
        .put("unseen_categories", new JsonArray(unseenCategories));
  }
}
