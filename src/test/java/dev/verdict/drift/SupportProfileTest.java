package dev.verdict.drift;

import dev.verdict.bus.Support;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request's own support figure, on the shipped product model's baseline. */
class SupportProfileTest {
  static ModelVersion v;
  static SupportProfile profile;

  @BeforeAll
  static void load() throws Exception {
    v = TestModels.product();
    profile = SupportProfile.of(v.pipeline(), new JsonObject(Files.readString(v.dir().resolve("baseline.json"))));
  }

  private static Support of(Map<String, Object> r) {
    return profile.of(v.pipeline().encode(r));
  }

  private static Map<String, Object> chair() {
    Map<String, Object> m = new HashMap<>();
    m.put("title", "Global Deluxe Office Fabric Chair");
    m.put("brand", "Global");
    m.put("price", 120.0);
    return m;
  }

  @Test
  void anOrdinaryProductIsInSupport() {
    Support s = of(chair());
    assertThat(s.inSupport()).isTrue();
    assertThat(s.textTokens()).isEqualTo(5);
    assertThat(s.unseenTextShare()).isLessThan(profile.unseenLimit());
  }

  @Test
  void eachShiftedConditionIsNamed() {
    Map<String, Object> oneWord = chair();
    oneWord.put("title", "Chairs");
    assertThat(of(oneWord).conditions()).containsExactly(SupportProfile.SHORT_TEXT);

    Map<String, Object> typos = chair();
    typos.put("title", "Glbxl Dqlxe Offzq Fbvrc Chxqr");
    Support t = of(typos);
    assertThat(t.conditions()).contains(SupportProfile.UNSEEN_TEXT);
    assertThat(t.unseenTextShare()).isGreaterThanOrEqualTo(profile.unseenLimit());

    Map<String, Object> pricey = chair();
    pricey.put("price", 5_000_000.0);
    assertThat(of(pricey).conditions()).containsExactly(SupportProfile.OUT_OF_RANGE);
    assertThat(of(pricey).outOfRange()).containsExactly("price");

    Map<String, Object> noBrand = chair();
    noBrand.remove("brand");
    noBrand.remove("price");
    assertThat(of(noBrand).missing()).containsExactlyInAnyOrder("brand", "price");
    assertThat(of(noBrand).conditions()).containsExactly(SupportProfile.MISSING_FIELD);

    Map<String, Object> newBrand = chair();
    newBrand.put("brand", "Zqxwvy");
    assertThat(of(newBrand).unseenCategories()).containsExactly("brand");
  }

  @Test
  void theLimitsComeFromTheBaseline() throws Exception {
    JsonObject b = new JsonObject(Files.readString(v.dir().resolve("baseline.json"))).getJsonObject("groups");
    // a text is short below the training 5th percentile of its word count: 2 words for product titles
    assertThat(b.getJsonObject("title_tokens").getDouble("p05")).isEqualTo(2.0);
    // the validation rows' 99th percentile of unseen share (5 of 9 title tokens) is above the 0.5 floor
    assertThat(b.getJsonObject("title").getDouble("row_unseen_p99")).isEqualTo(5.0 / 9);
    assertThat(profile.unseenLimit()).isEqualTo(5.0 / 9);
  }
}
