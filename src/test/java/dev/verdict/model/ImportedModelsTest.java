package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import dev.verdict.features.FieldError;
import dev.verdict.features.InvalidInputException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models Python LightGBM wrote, served from model.txt alone: same answers as Python, and no silent wrong ones. */
class ImportedModelsTest {
  static {
    TestModels.MODELS.toString(); // offline properties before DJL loads
  }

  @Test
  void everyModelServesFromItsModelFileAloneAndMatchesPython(@TempDir Path tmp) throws Exception {
    for (ScorerPlan.Mode mode : new ScorerPlan.Mode[] {ScorerPlan.Mode.AUTO, ScorerPlan.Mode.LIGHTGBM}) {
      ModelRegistry reg = ModelRegistry.scan(PythonModels.modelsDir(tmp.resolve(mode.wire())), mode);
      assertThat(reg.failures()).isEmpty();
      assertThat(reg.models().keySet()).containsExactlyInAnyOrderElementsOf(PythonModels.NAMES);
      for (String name : PythonModels.NAMES) {
        ModelVersion v = reg.get(name);
        assertThat(v.manifest().derived()).isTrue();
        try (LightGbmScorer s = v.openScorer()) {
          List<PythonModels.Row> rows = PythonModels.rows(name);
          assertThat(rows).hasSize(50);
          for (PythonModels.Row r : rows) {
            double[] named = s.predict(v.pipeline().encodeRecord(r.record().getMap()));
            double[] positional = s.predict(v.pipeline().encodeRecord(Map.of("features", r.features())));
            assertThat(positional).containsExactly(named);
            assertMatches(v, named, r, name + " (" + mode.wire() + ")");
            assertThat(s.raw(v.pipeline().encodeRecord(r.record().getMap())))
                .usingComparatorWithPrecision(1e-9).containsExactly(r.raw());
          }
        }
      }
    }
  }

  /** Python's {@code predict}: P("1") for binary, the class probabilities, or the value. */
  static void assertMatches(ModelVersion v, double[] got, PythonModels.Row r, String what) {
    switch (v.objective().kind()) {
      case BINARY -> {
        assertThat(got).as(what).hasSize(2);
        assertThat(got[1]).as(what).isCloseTo(r.output()[0], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got[0] + got[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
      }
      case MULTICLASS, REGRESSION -> assertThat(got).as(what).usingComparatorWithPrecision(1e-9)
          .containsExactly(r.output());
    }
  }

  @Test
  void objectivesLabelsAndFieldsComeFromTheModel(@TempDir Path tmp) throws Exception {
    ModelRegistry reg = ModelRegistry.scan(PythonModels.modelsDir(tmp));
    assertThat(reg.get("breast-cancer").objective().kind()).isEqualTo(Objective.Kind.BINARY);
    assertThat(reg.get("breast-cancer").labels()).containsExactly("0", "1");
    assertThat(reg.get("breast-cancer").pipeline().fieldNames()).startsWith("mean_radius", "mean_texture");
    assertThat(reg.get("iris").labels()).containsExactly("0", "1", "2");
    assertThat(reg.get("diabetes").objective().regression()).isTrue();
    assertThat(reg.get("diabetes").labels()).isEmpty();
    var color = reg.get("pandas-categorical").manifest().features().field("color");
    assertThat(color.type()).isEqualTo("category");
    assertThat(color.categories()).containsExactly("blue", "green", "red", "yellow");
    // trained with NaN in a and c, never in b: null is accepted where the trees learned where missing goes
    var spec = reg.get("missing-values").manifest().features();
    assertThat(spec.field("a").nullable()).isTrue();
    assertThat(spec.field("c").nullable()).isTrue();
    assertThat(spec.field("b").nullable()).isFalse();
    // every objective's transform is proven against the booster, and the faster proven scorer serves
    for (String name : PythonModels.NAMES) {
      ScorerPlan plan = reg.get(name).scoring();
      assertThat(plan.check().passed()).as(name).isTrue();
      assertThat(plan.timing().boosterMicros()).isPositive();
      assertThat(plan.kind()).as(name + " " + plan.timing())
          .isEqualTo(plan.timing().compiledFaster() ? "compiled" : "lightgbm");
      System.out.printf("%s: %s (booster %.2f us, compiled %.2f us per row)%n", name, plan.kind(),
          plan.timing().boosterMicros(), plan.timing().compiledMicros());
    }
  }

  @Test
  void unknownEmptyAndAbsentFieldsAreRefusedByName(@TempDir Path tmp) throws Exception {
    ModelVersion v = ModelRegistry.scan(PythonModels.modelsDir(tmp)).get("missing-values");
    assertThat(errors(v, Map.of("a", 1.0, "bb", 2.0, "c", 3.0)))
        .contains(new FieldError("bb", "is not a field of this model; closest: b, a, c"))
        .contains(new FieldError("b", "is required"));
    assertThat(errors(v, Map.of())).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("$");
      assertThat(e.message()).contains("is empty").contains("a, b, c");
    });
    assertThat(errors(v, Map.of("x", 1, "y", 2))).singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("names none of the model's fields"));
    // absent is an error even where null is fine: null says "missing" on purpose
    Map<String, Object> noA = new HashMap<>(Map.of("b", 2.0, "c", 3.0));
    assertThat(errors(v, noA)).containsExactly(new FieldError("a", "is required (send null for a missing value)"));
    noA.put("a", null);
    assertThat(errors(v, noA)).isEmpty();
    Map<String, Object> nullB = new HashMap<>(Map.of("a", 1.0, "c", 3.0));
    nullB.put("b", null);
    assertThat(errors(v, nullB)).containsExactly(new FieldError("b", "is required"));
    // a NaN from a binary tensor is "missing" too
    Map<String, Object> nan = new HashMap<>(Map.of("a", Double.NaN, "b", 2.0, "c", 3.0));
    assertThat(errors(v, nan)).isEmpty();
  }

  @Test
  void dataFrameNamesLightGbmRewroteAreAcceptedOnceEach(@TempDir Path tmp) throws Exception {
    ModelVersion v = ModelRegistry.scan(PythonModels.modelsDir(tmp)).get("breast-cancer");
    Map<String, Object> r = new LinkedHashMap<>(PythonModels.rows("breast-cancer").get(0).record().getMap());
    assertThat(r).containsKey("mean radius");
    FeatureVector byDataFrame = v.pipeline().encodeRecord(r);
    Map<String, Object> byModel = new LinkedHashMap<>();
    r.forEach((k, val) -> byModel.put(k.replace(' ', '_'), val));
    assertThat(v.pipeline().encodeRecord(byModel).values()).containsExactly(byDataFrame.values());
    r.put("mean_radius", 1.0);
    assertThat(errors(v, r)).contains(new FieldError("mean_radius", "names the field mean_radius a second time"));
  }

  @Test
  void categoriesAreTheTrainingStringsAndAnUnseenOneIsMissing(@TempDir Path tmp) throws Exception {
    ModelVersion v = ModelRegistry.scan(PythonModels.modelsDir(tmp)).get("pandas-categorical");
    FeatureVector red = v.pipeline().encodeRecord(Map.of("color", "red", "size", "S", "weight", 9.0));
    FeatureVector code = v.pipeline().encodeRecord(Map.of("color", 2, "size", 2, "weight", 9.0));
    assertThat(code.values()).containsExactly(red.values());
    FeatureVector purple = v.pipeline().encodeRecord(Map.of("color", "purple", "size", "S", "weight", 9.0));
    assertThat(purple.values()[0]).isNaN();
    assertThat(errors(v, Map.of("color", 2.5, "size", "S", "weight", 9.0))).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("blue, green, red, yellow"));
  }

  @Test
  void aManifestInAnotherFieldOrderIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("iris/1"));
    Files.copy(PythonModels.SOURCE.resolve("iris/model.txt"), dir.resolve("model.txt"));
    ModelFile mf = ModelFile.read(dir.resolve("model.txt"));
    JsonObject m = DerivedManifest.of("iris", "1", mf, List.of("setosa", "versicolor", "virginica"));
    JsonArray fields = m.getJsonObject("features").getJsonArray("fields");
    Object first = fields.getValue(0);
    fields.set(0, fields.getValue(1));
    fields.set(1, first);
    Files.writeString(dir.resolve("manifest.json"), m.encodePrettily());
    ModelRegistry reg = ModelRegistry.scan(tmp);
    assertThat(reg.get("iris")).isNull();
    assertThat(reg.failures().get("iris")).contains("another order")
        .contains("manifest sepal_width_(cm),sepal_length_(cm)");

    m.remove("labels");
    fields.set(1, fields.getValue(0));
    fields.set(0, first);
    Files.writeString(dir.resolve("manifest.json"), m.encodePrettily());
    ModelVersion v = ModelRegistry.scan(tmp).get("iris");
    assertThat(v.labels()).containsExactly("0", "1", "2");
  }

  @Test
  void aReplacedModelFileIsRefusedAndNeverShownWithTheOldMetrics(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m/1"));
    Files.copy(PythonModels.SOURCE.resolve("diabetes/model.txt"), dir.resolve("model.txt"));
    JsonObject m = DerivedManifest.of("m", "1", ModelFile.read(dir.resolve("model.txt")), null)
        .put("metrics", new JsonObject().put("holdout", new JsonObject().put("rmse", 50.0)));
    Files.writeString(dir.resolve("manifest.json"), m.encodePrettily());
    assertThat(ModelRegistry.scan(tmp).get("m").manifest().metrics().getJsonObject("holdout").getDouble("rmse"))
        .isEqualTo(50.0);
    // same features and objective, one leaf value changed (same length, so the file stays well formed): only the
    // hash tells
    String text = Files.readString(dir.resolve("model.txt"));
    int at = text.indexOf("leaf_value=") + "leaf_value=".length();
    while (!Character.isDigit(text.charAt(at))) {
      at++;
    }
    char d = text.charAt(at);
    Files.writeString(dir.resolve("model.txt"), text.substring(0, at) + (char) ('0' + (d - '0' + 1) % 10)
        + text.substring(at + 1));
    ModelRegistry reg = ModelRegistry.scan(tmp);
    assertThat(reg.get("m")).isNull();
    assertThat(reg.failures().get("m")).contains("model.txt was replaced");
  }

  @Test
  void anMlflowDirectoryServesTheFileItsMlModelNames(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("diabetes-mlflow/1"));
    Files.copy(PythonModels.SOURCE.resolve("diabetes/model.txt"), dir.resolve("model.lgb"));
    Files.writeString(dir.resolve("MLmodel"), """
        flavors:
          lightgbm:
            code: null
            data: model.lgb
            lgb_version: 4.7.0
            model_class: lightgbm.basic.Booster
          python_function:
            data: model.lgb
            env:
              conda: conda.yaml
            loader_module: mlflow.lightgbm
            python_version: 3.11.7
        mlflow_version: 2.17.0
        """);
    ModelVersion v = ModelRegistry.scan(tmp).get("diabetes-mlflow");
    assertThat(v).isNotNull();
    try (LightGbmScorer s = v.openScorer()) {
      PythonModels.Row r = PythonModels.rows("diabetes").get(3);
      assertMatches(v, s.predict(v.pipeline().encodeRecord(r.record().getMap())), r, "mlflow");
    }
  }

  private static List<FieldError> errors(ModelVersion v, Map<String, ?> record) {
    try {
      v.pipeline().encodeRecord(record);
      return List.of();
    } catch (InvalidInputException e) {
      return e.errors();
    }
  }
}
