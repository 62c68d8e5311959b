package dev.verdict.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every YAML file the project ships parses, with duplicate keys refused: in-process, on any machine.
 * {@code DeployManifestsTest} adds yamllint's style rules and the Kubernetes schemas where those tools exist.
 */
class YamlFilesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  static void load(String text) {
    LoaderOptions strict = new LoaderOptions();
    strict.setAllowDuplicateKeys(false);
    new Yaml(new SafeConstructor(strict)).loadAll(text).forEach(doc -> { });
  }

  @Test
  void everyShippedYamlFileParsesStrictlyAndABrokenOneIsCaught() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("conf/prometheus.yml")));
    try (Stream<Path> s = Files.walk(ROOT.resolve("deploy"))) {
      s.filter(p -> !p.toString().contains("node_modules"))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    for (Path f : files) {
      String text = Files.readString(f);
      try {
        load(text);
      } catch (RuntimeException e) {
        throw new AssertionError(ROOT.relativize(f) + ": " + e.getMessage(), e);
      }
    }
    assertThatThrownBy(() -> load("a: 1\na: 2\n")).hasMessageContaining("duplicate key a");
    assertThatThrownBy(() -> load("b:\n   - x\n  - y\n")).isInstanceOf(RuntimeException.class);
  }
}
