package dev.verdict.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.fallback.FallbackModel;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped models are exactly what {@code train} produces from the committed data and specs. */
class TrainReproducibilityTest {
  private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

  @Test
  void retrainingTheProductClassifierReproducesTheShippedModel(@TempDir Path tmp) throws Exception {
    assertReproduces("product-classifier", "products.jsonl", tmp);
  }

  @Test
  void retrainingPenguinsReproducesTheShippedModel(@TempDir Path tmp) throws Exception {
    assertReproduces("penguins", "penguins.jsonl", tmp);
  }

  private void assertReproduces(String name, String dataFile, Path tmp) throws Exception {
    Path out = tmp.resolve(name).resolve("1");
    TrainSpec spec = TrainSpec.read(Path.of("conf/train/" + name + ".json"));
    TrainingData data = TrainingData.read(Path.of("data/" + dataFile), spec.label());
    JsonObject manifest = new Trainer(QUIET).train(spec, Path.of("data/" + dataFile), out);

    ModelVersion shipped = TestModels.open(TestModels.MODELS.resolve(name).resolve("1"));
    ModelVersion fresh = ModelVersion.open(out);
    assertThat(manifest.getJsonObject("training").getString("data_sha256"))
        .isEqualTo(shipped.manifest().json().getJsonObject("training").getString("data_sha256"));
    assertThat(Files.readString(out.resolve("model.txt")))
        .isEqualTo(Files.readString(shipped.dir().resolve("model.txt")));
    assertThat(fresh.manifest().json().getJsonObject("metrics"))
        .isEqualTo(shipped.manifest().json().getJsonObject("metrics"));
    for (String block : new String[] {"routing", "calibration", "shift_suite", "fallback"}) {
      assertThat(fresh.manifest().json().getJsonObject(block)).as(block)
          .isEqualTo(shipped.manifest().json().getJsonObject(block));
    }

    List<Integer> holdout = data.indicesOf("holdout");
    Map<String, FallbackModel> shippedFb = Fallbacks.load(shipped);
    Map<String, FallbackModel> freshFb = Fallbacks.load(fresh);
    assertThat(freshFb.keySet()).isEqualTo(shippedFb.keySet()).contains("random-forest");
    try (LightGbmScorer a = shipped.openScorer(); LightGbmScorer b = fresh.openScorer()) {
      for (int row : holdout) {
        Map<String, Object> r = data.records().get(row);
        FeatureVector v = fresh.pipeline().encode(r);
        assertThat(b.predict(v)).isEqualTo(a.predict(shipped.pipeline().encode(r)));
        for (String kind : shippedFb.keySet()) {
          assertThat(freshFb.get(kind).predictProba(v, r)).as(kind).isEqualTo(shippedFb.get(kind).predictProba(v, r));
        }
      }
    }
  }
}
