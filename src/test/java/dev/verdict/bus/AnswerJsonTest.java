package dev.verdict.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one answer writer: the document every door sends, field by field, doubles bit for bit. */
class AnswerJsonTest {
  private static final List<String> LABELS = List.of("Adelie", "Chinstrap", "Gentoo");

  @Test
  void anAnswerIsWrittenFieldByFieldWithExactDoubles() {
    double[] p = {0.9781240000000001, 0.00839, 1e-17};
    Prediction primary = new Prediction("penguins", "1", "species", LABELS, p, 0, "primary", null, null, null);
    JsonObject doc = new JsonObject(AnswerJson.of(primary));
    assertThat(doc.fieldNames()).containsExactly("species", "prediction", "probabilities", "confidence", "model");
    assertThat(doc.getString("species")).isEqualTo("Adelie");
    assertThat(doc.getString("prediction")).isEqualTo("Adelie");
    for (int k = 0; k < 3; k++) {
      assertThat(Double.doubleToLongBits(doc.getJsonObject("probabilities").getDouble(LABELS.get(k))))
          .isEqualTo(Double.doubleToLongBits(p[k]));
    }
    assertThat(doc.getDouble("confidence")).isEqualTo(p[0]);
    assertThat(doc.getJsonObject("model")).isEqualTo(new JsonObject().put("name", "penguins").put("version", "1")
        .put("path", "primary"));
    assertThat(primary.toJson()).as("the event-bus form is the same document").isEqualTo(doc);
  }

  @Test
  void fallbacksSupportAndBatchesAreWrittenToo() {
    Prediction fallback = new Prediction("penguins", "2", "prediction", LABELS,
        new double[] {1.0 / 3, 0.2, 0.4666666666666667}, 2, "fallback", "random-forest", "data-drift \"quoted\" ✓",
        new Support(0.125, 3, List.of("price"), List.of(), List.of("brand"), List.of("out-of-range", "unseen-category")));
    JsonObject doc = new JsonObject(AnswerJson.of(fallback));
    assertThat(doc.containsKey("species")).isFalse();
    assertThat(doc.getString("prediction")).isEqualTo("Gentoo");
    assertThat(doc.getJsonObject("model").getString("fallback")).isEqualTo("random-forest");
    assertThat(doc.getJsonObject("model").getString("reason")).isEqualTo("data-drift \"quoted\" ✓");
    JsonObject support = doc.getJsonObject("support");
    assertThat(support.getBoolean("in_support")).isFalse();
    assertThat(support.getJsonArray("conditions")).isEqualTo(new JsonArray().add("out-of-range").add("unseen-category"));
    assertThat(support.getJsonArray("out_of_range")).isEqualTo(new JsonArray().add("price"));
    JsonObject batch = new JsonObject(AnswerJson.of(new PredictResponse(List.of(fallback, fallback), true)));
    assertThat(batch.fieldNames()).containsExactly("predictions");
    assertThat(batch.getJsonArray("predictions")).hasSize(2);
    assertThat(batch.getJsonArray("predictions").getJsonObject(1)).isEqualTo(doc);
    assertThat(new PredictResponse(List.of(fallback, fallback), true).toJson()).isEqualTo(batch);
  }
}
