package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command-line mistake is one line on stderr and a non-zero exit, never a stack trace; each runs as a
 * real subprocess, as a user would type it.
 */
class CommandLineTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  record Failure(String what, List<String> args, int code, String says) {
  }

  @Test
  void eachMistakeIsOneLineAndANonZeroExit(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("broken.json"), "{\"name\": \"cars\", \"label\": \"Origin\",\n  \"features\": {\"fields\": [}\n");
    JsonObject cars = new JsonObject(Files.readString(ROOT.resolve("conf/train/cars.json")));
    Files.writeString(tmp.resolve("wrong-label.json"), cars.copy().put("label", "origin").encode());
    Files.writeString(tmp.resolve("bad-lightgbm.json"), cars.copy().put("lightgbm",
        cars.getJsonObject("lightgbm").copy().put("num_leaves", 1)).encode());
    Files.writeString(tmp.resolve("no-label.json"), cars.copy().put("label", (String) null).encode());
    Files.createDirectories(tmp.resolve("not-a-version"));
    String data = ROOT.resolve("data/cars.jsonl").toString();
    String spec = ROOT.resolve("conf/train/cars.json").toString();
    String out = tmp.resolve("models/cars/1").toString();
    List<Failure> failures = List.of(
        new Failure("unknown command", List.of("trian"), 2, "unknown command 'trian' (did you mean train?)"),
        new Failure("unknown flag", List.of("train", "--data", data, "--out", out, "--bogus"), 2, "unknown option '--bogus'"),
        new Failure("missing flag", List.of("evaluate"), 2, "--model"),
        new Failure("bad flag value", List.of("evaluate", "--model", "models/penguins/1", "--split", "test"), 2, "--split"),
        new Failure("missing data file", List.of("train", "--data", "nope.jsonl", "--out", out, "--spec", spec), 1,
            "no such file: nope.jsonl"),
        new Failure("data is a directory", List.of("train", "--data", tmp.toString(), "--out", out, "--spec", spec), 1,
            "is a directory"),
        new Failure("missing spec", List.of("train", "--data", data, "--out", out, "--spec", "nope.json"), 1,
            "no such file: nope.json"),
        new Failure("no default spec", List.of("train", "--data", data, "--out", tmp.resolve("models/zebras/1").toString()), 1,
            "conf/train/zebras.json does not exist; pass --spec FILE"),
        new Failure("spec not JSON", List.of("train", "--data", data, "--out", out, "--spec", "broken.json"), 1,
            "invalid JSON at line 2, column 27"),
        new Failure("spec without a label", List.of("train", "--data", data, "--out", out, "--spec", "no-label.json"), 1,
            "\"label\" (a string) is required"),
        new Failure("label the data lacks", List.of("train", "--data", data, "--out", out, "--spec", "wrong-label.json"), 1,
            "no usable rows (406 rows skipped: 406 × no label \"origin\""),
        new Failure("LightGBM refuses", List.of("train", "--data", data, "--out", out, "--spec", "bad-lightgbm.json"), 1,
            "LightGBM refused at DatasetCreateFromCSR: num_leaves must be > 1"),
        new Failure("no such model", List.of("evaluate", "--model", "models/nope/1"), 1, "no such model version directory"),
        new Failure("not a version", List.of("evaluate", "--model", "not-a-version"), 1, "is not a model version"),
        new Failure("features on a missing input", List.of("features", "--model", ROOT.resolve("models/penguins/1").toString(),
            "--input", "nope.jsonl"), 1, "no such file: nope.jsonl"),
        new Failure("serve with a missing config", List.of("serve", "--config", "nope.json"), 1, "nope.json"));
    SoftAssertions soft = new SoftAssertions();
    for (Failure f : failures) {
      Cli.Run r = Cli.run(tmp, f.args().toArray(String[]::new));
      soft.assertThat(r.code()).as(f.what() + " exit").isEqualTo(f.code());
      soft.assertThat(r.errLines()).as(f.what() + " stderr").hasSize(1);
      soft.assertThat(r.err()).as(f.what()).contains(f.says()).doesNotContain("\tat ").doesNotContain("Exception in thread")
          .doesNotContain("[LightGBM] [Fatal]");
      soft.assertThat(r.out()).as(f.what() + " stdout").doesNotContain("\tat ");
    }
    soft.assertAll();
    assertThat(Files.exists(tmp.resolve("models/cars/1/manifest.json"))).as("no version written by a failed train").isFalse();
  }

  @Test
  void verboseAddsTheStackTrace(@TempDir Path tmp) throws Exception {
    Cli.Run r = Cli.run(tmp, "evaluate", "--model", "not-there", "--verbose");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("verdict evaluate: no such model version directory").contains("\tat ");
  }

  @Test
  void everyCommandHasHelp(@TempDir Path tmp) throws Exception {
    for (String command : new String[] {"serve", "train", "evaluate", "features"}) {
      Cli.Run r = Cli.run(tmp, command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).contains("Usage: verdict " + command);
    }
    Cli.Run top = Cli.run(tmp, "--help");
    assertThat(top.out()).contains("train").contains("evaluate").contains("features").contains("serve");
  }

  @Test
  void evaluateFindsItsDataFromAnyDirectoryAndCountsBadRows(@TempDir Path tmp) throws Exception {
    // the shipped penguins version, evaluated from a directory that holds no data/: the manifest says where it is
    Cli.Run r = Cli.run(tmp, "evaluate", "--model", ROOT.resolve("models/penguins/1").toString(), "--no-shifts");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("penguins/1 on").contains("(holdout, 51 rows)").contains("primary");
    // a table with a broken line, a row without its label and a row the spec refuses: skipped and counted
    List<String> rows = Files.readAllLines(ROOT.resolve("data/penguins.jsonl"));
    List<String> table = new java.util.ArrayList<>(rows);
    table.add(3, "{\"bill_length_mm\": 40, \"species\": ");
    table.add(5, "{\"bill_length_mm\": 40, \"bill_depth_mm\": 18, \"flipper_length_mm\": 190, \"body_mass_g\": 3700, \"split\": \"holdout\"}");
    table.add(7, "{\"bill_length_mm\": \"long\", \"species\": \"Adelie\", \"split\": \"holdout\"}");
    Files.write(tmp.resolve("dirty.jsonl"), table);
    Cli.Run dirty = Cli.run(tmp, "evaluate", "--model", ROOT.resolve("models/penguins/1").toString(), "--data",
        "dirty.jsonl", "--no-shifts");
    assertThat(dirty.code()).as(dirty.err()).isZero();
    assertThat(dirty.out()).contains("3 rows skipped: 1 × not a JSON object (line 4); 1 × no label \"species\" (line 6); "
        + "1 × bill_length_mm: ").contains("(line 8)").contains("(holdout, 51 rows)");
  }
}
