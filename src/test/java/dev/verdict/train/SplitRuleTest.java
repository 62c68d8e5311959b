package dev.verdict.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.features.FeaturePipeline;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting a table that has no split column: stratified, seeded, reproducible, and clear when it cannot. */
class SplitRuleTest {
  private static final SplitRule DEFAULT = SplitRule.of(null, 42);

  @Test
  void everyClassIsCutAtTheRatios() throws Exception {
    TrainSpec spec = TrainSpec.read(Path.of("conf/train/cars.json"));
    TrainingData cars = TrainingData.load(Path.of("data/cars.jsonl"), "Origin", new FeaturePipeline(spec.features()),
        spec.split());
    assertThat(cars.derivedSplit()).isTrue();
    Map<String, int[]> perClass = new TreeMap<>();
    for (int i = 0; i < cars.labels().size(); i++) {
      perClass.computeIfAbsent(cars.labels().get(i), k -> new int[3])[SplitRule.NAMES.indexOf(cars.splits().get(i))]++;
    }
    // USA 254, Japan 79, Europe 73: holdout and validation round(n × 0.15) each, the rest train
    assertThat(perClass.get("USA")).containsExactly(178, 38, 38);
    assertThat(perClass.get("Japan")).containsExactly(55, 12, 12);
    assertThat(perClass.get("Europe")).containsExactly(51, 11, 11);
    assertThat(cars.splitJson().getJsonObject("counts")).isEqualTo(new JsonObject().put("train", 284)
        .put("validation", 61).put("holdout", 61));
  }

  @Test
  void theSameFileAndSeedGiveTheSameRowsAndAnotherSeedOthers() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      labels.add("c" + i % 4);
    }
    assertThat(DEFAULT.derive(labels)).isEqualTo(SplitRule.of(null, 42).derive(labels));
    assertThat(SplitRule.of(null, 7).derive(labels)).isNotEqualTo(DEFAULT.derive(labels));
    SplitRule custom = SplitRule.of(new JsonObject().put("ratios", new JsonObject().put("train", 0.8)
        .put("validation", 0.1).put("holdout", 0.1)), 42);
    assertThat(custom.derive(labels).stream().filter("train"::equals).count()).isEqualTo(4 * 59);
  }

  @Test
  void aClassTooSmallToSplitIsNamed() {
    assertThatThrownBy(() -> DEFAULT.derive(List.of("a", "a", "a", "b", "b", "c")))
        .hasMessageContaining("label \"b\" (2), \"c\" (1) has too few rows to split")
        .hasMessageContaining("at least 3");
    // three rows: one in each split
    assertThat(DEFAULT.derive(List.of("a", "a", "a", "b", "b", "b"))).containsOnly("train", "validation", "holdout")
        .filteredOn("holdout"::equals).hasSize(2);
  }

  @Test
  void badRatiosAreRefused() {
    assertThatThrownBy(() -> SplitRule.of(new JsonObject().put("ratios", new JsonObject().put("train", 0.9)), 1))
        .hasMessageContaining("add up to 1");
    assertThatThrownBy(() -> SplitRule.of(new JsonObject().put("ratios", new JsonObject().put("train", 1.0)
        .put("validation", 0.0).put("holdout", 0.0)), 1)).hasMessageContaining("strictly between 0 and 1");
  }

  @Test
  void aColumnOnSomeRowsOnlyIsAnError(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("t.jsonl");
    Files.writeString(f, "{\"y\": \"a\", \"split\": \"train\"}\n{\"y\": \"b\"}\n{\"y\": \"a\"}\n");
    assertThatThrownBy(() -> TrainingData.load(f, "y", null, DEFAULT))
        .hasMessageContaining("\"split\" is set on 1 of 3 rows");
  }

  @Test
  void badRowsAreSkippedAndCountedWithTheirLines(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("t.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      sb.append("{\"x\": ").append(i).append(", \"y\": \"").append(i % 2 == 0 ? "a" : "b").append("\"}\n");
    }
    sb.append("not json\n{\"x\": 1}\n{\"x\": \"one\", \"y\": \"a\"}\n{\"x\": 2, \"y\": \"a\", \"split\": \"test\"}\n");
    Files.writeString(f, sb);
    FeaturePipeline p = new FeaturePipeline(dev.verdict.model.FeatureSpecJson.parse(new JsonObject(
        "{\"fields\": [{\"name\": \"x\", \"type\": \"number\"}]}")));
    TrainingData t = TrainingData.load(f, "y", p, DEFAULT);
    assertThat(t.records()).hasSize(12);
    assertThat(t.skipped().count()).isEqualTo(4);
    assertThat(t.skipped().summary()).isEqualTo("4 rows skipped: 1 × not a JSON object (line 13); "
        + "1 × no label \"y\" (line 14); 1 × x: must be a number (line 15); "
        + "1 × \"split\" is not train, validation or holdout (line 16)");
    assertThat(t.lines()).startsWith(1, 2, 3).hasSize(12);
  }
}
