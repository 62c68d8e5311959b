package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bus.PredictResponse;
import dev.verdict.bus.Prediction;
import dev.verdict.bus.Support;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed response body is the same document as the JsonObject form, doubles bit for bit. */
class ResponseBodyTest {
  private static final List<String> LABELS = List.of("Adelie", "Chinstrap", "Gentoo");

  @Test
  void streamedBodyEqualsTheJsonObjectForm() {
    Prediction primary = new Prediction("penguins", "1", "species", LABELS,
        new double[] {0.9781240000000001, 0.00839, 1e-17}, 0, "primary", null, null, null);
    Prediction fallback = new Prediction("penguins", "2", "prediction", LABELS,
        new double[] {1.0 / 3, 0.2, 0.4666666666666667}, 2, "fallback", "random-forest", "data-drift \"quoted\" ✓",
        new Support(0.125, 3, List.of("price"), List.of(), List.of("brand"), List.of("out-of-range", "unseen-category")));
    Prediction noText = new Prediction("penguins", "2", "prediction", LABELS, new double[] {0.5, 0.25, 0.25}, 0,
        "primary", null, null, new Support(Double.NaN, 0, List.of(), List.of("bill_length_mm"), List.of(),
        List.of("missing-field")));
    for (PredictResponse r : List.of(new PredictResponse(List.of(primary), false),
        new PredictResponse(List.of(fallback), false), new PredictResponse(List.of(primary, fallback, noText), true))) {
      JsonObject streamed = new JsonObject(ResponseBody.of(r));
      assertThat(streamed).isEqualTo(r.toJson());
      assertThat(streamed.encode()).isEqualTo(r.toJson().encode());
    }
  }
}
