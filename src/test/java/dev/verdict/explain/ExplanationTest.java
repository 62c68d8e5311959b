package dev.verdict.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.SharedServer;
import dev.verdict.TestModels;
import dev.verdict.Traffic;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code ?explain=true}: TreeSHAP from the booster, per field, with this request's words named. */
class ExplanationTest extends SharedServer {
  private static final Set<String> PRODUCT_FIELDS = Set.of("title", "brand", "seller_id", "subcategory", "price",
      "rating", "reviews_count", "brand_x_price");

  @Test
  void biasPlusContributionsIsTheBoostersRawScore() throws Exception {
    List<JsonObject> products = Traffic.holdout(3).subList(0, 60);
    int explained = 0;
    try (LightGbmScorer booster = TestModels.product().openScorer()) {
      for (JsonObject p : products) {
        JsonObject r = new JsonObject(server.postJson("/predict?explain=true", p.encode()).body());
        JsonObject e = r.getJsonObject("explanation");
        assertThat(e.getString("class")).isEqualTo(r.getString("prediction"));
        if (!"primary".equals(r.getJsonObject("model").getString("path"))) {
          // a fallback's answer is explained by that model (FallbackExplanationTest)
          String answeredBy = r.getJsonObject("model").getString("fallback");
          if (answeredBy != null && answeredBy.startsWith("primary+")) {
            assertThat(e.getJsonArray("parts")).hasSize(2);
          } else if (answeredBy != null) {
            assertThat(e.getString("model")).isEqualTo(answeredBy);
          } else {
            assertThat(e.getBoolean("available")).isFalse();
          }
          continue;
        }
        explained++;
        FeatureVector v = TestModels.product().pipeline().encode(p.getMap());
        int k = TestModels.product().labels().indexOf(e.getString("class"));
        double raw = booster.boosterBatch(List.of(v), true)[0][k];
        double sum = e.getDouble("bias");
        for (String f : e.getJsonObject("contributions").fieldNames()) {
          sum += e.getJsonObject("contributions").getDouble(f);
        }
        assertThat(sum).isCloseTo(raw, within(1e-9));
        assertThat(e.getJsonObject("contributions").fieldNames()).isSubsetOf(PRODUCT_FIELDS).contains("title", "price");
        // the top columns are this request's own inputs
        JsonArray top = e.getJsonArray("top");
        assertThat(top).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        for (int i = 0; i < top.size(); i++) {
          JsonObject t = top.getJsonObject(i);
          assertThat(PRODUCT_FIELDS).contains(t.getString("field"));
          if ("title".equals(t.getString("field")) && t.getString("token").matches("[a-z0-9]+")) {
            assertThat(p.getString("title").toLowerCase()).contains(t.getString("token"));
          }
          if (i > 0) {
            assertThat(Math.abs(t.getDouble("contribution")))
                .isLessThanOrEqualTo(Math.abs(top.getJsonObject(i - 1).getDouble("contribution")));
          }
        }
      }
    }
    assertThat(explained).isGreaterThan(30);
  }

  @Test
  void anotherClassBatchesAndMistakes() throws Exception {
    String chairs = "{\"title\": \"Hon Deluxe Fabric Upholstered Stacking Chairs\", \"price\": 243.98}";
    JsonObject other = new JsonObject(server.postJson("/predict?explain=true&explain_class=Office%20Supplies/Paper",
        chairs).body()).getJsonObject("explanation");
    assertThat(other.getString("class")).isEqualTo("Office Supplies/Paper");
    JsonObject own = new JsonObject(server.postJson("/predict?explain=true", chairs).body()).getJsonObject("explanation");
    assertThat(own.getString("class")).isEqualTo("Furniture/Chairs");
    assertThat(own.getJsonObject("contributions").getDouble("title")).isPositive();
    assertThat(other.getJsonObject("contributions").getDouble("title")).isNegative();

    JsonArray batch = new JsonObject(server.postJson("/predict/batch?explain=true", "[" + chairs
        + ", {\"title\": \"Xerox 1967\"}]").body()).getJsonArray("predictions");
    assertThat(batch).hasSize(2);
    assertThat(batch.getJsonObject(1).getJsonObject("explanation").getString("class")).isEqualTo(
        batch.getJsonObject(1).getString("prediction"));
    // without the flag: no explanation
    assertThat(new JsonObject(server.postJson("/predict", chairs).body()).containsKey("explanation")).isFalse();

    HttpResponse<String> bad = server.postJson("/predict?explain=true&explain_class=Nope", chairs);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("explain_class must be one of the labels");
    assertThat(server.postJson("/predict?explain=maybe", chairs).statusCode()).isEqualTo(400);
  }

  @Test
  void anAllNumericModelExplainsItsFourMeasurements() throws Exception {
    JsonObject e = new JsonObject(server.postJson("/models/penguins/predict?explain=true",
        "{\"features\": [39.1, 18.7, 181, 3750]}").body()).getJsonObject("explanation");
    assertThat(e.getJsonObject("contributions").fieldNames())
        .containsExactly("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g");
    List<String> fields = new ArrayList<>();
    e.getJsonArray("top").forEach(t -> fields.add(((JsonObject) t).getString("field")));
    assertThat(fields).isNotEmpty();
  }
}
