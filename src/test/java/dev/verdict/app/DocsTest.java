package dev.verdict.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.Tools;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README and the docs pages: links resolve, the configuration reference is the code's, curl blocks run. */
class DocsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  /** Pages whose commands their own tests run, with their answers checked (TutorialTest, ServeYourModelTest). */
  private static final List<String> OWN_TESTS = List.of("tutorial.md", "serve-your-model.md");

  @Test
  void everyRelativeLinkResolvesAndABrokenOneIsCaught(@TempDir Path tmp) throws Exception {
    assertThat(DocChecks.brokenLinks(ROOT)).isEmpty();

    Files.copy(ROOT.resolve("README.md"), tmp.resolve("README.md"));
    TestModels.copyTree(ROOT.resolve("docs"), tmp.resolve("docs"));
    Files.createDirectories(tmp.resolve("examples"));
    Files.createDirectories(tmp.resolve("bench/results"));
    Files.writeString(tmp.resolve("docs/api.md"), Files.readString(tmp.resolve("docs/api.md"))
        + "\nSee [the old page](old-api.md) and [lifecycle](lifecycle.md#no-such-heading).\n");
    assertThat(DocChecks.brokenLinks(tmp)).contains("docs/api.md: (old-api.md) points at a missing file",
        "docs/api.md: (lifecycle.md#no-such-heading) names no heading of docs/lifecycle.md");
  }

  @Test
  void theConfigurationReferenceIsTheConfigCodesAndADriftedOneIsCaught(@TempDir Path tmp) throws Exception {
    Map<String, Object> defaults = new TreeMap<>();
    VerdictConfig.DEFAULTS.forEach(e -> {
      if (e.getValue() instanceof JsonObject section) {
        section.forEach(s -> defaults.put(e.getKey() + "." + s.getKey(), s.getValue()));
      } else {
        defaults.put(e.getKey(), e.getValue());
      }
    });
    Path page = ROOT.resolve("docs/operations.md");
    assertThat(DocChecks.configProblems(page, defaults, VerdictConfig.environmentNames())).isEmpty();

    String text = Files.readString(page);
    String broken = text.replaceFirst("(?m)^\\| `max_batch` .*\\n", "")
        .replace("| `http.max_url_length` | `VERDICT_HTTP_MAX_URL_LENGTH` | `4096`",
            "| `http.max_url_length` | `VERDICT_HTTP_MAX_URL_LENGTH` | `2048`")
        .replace("| `scorer` |", "| `scorers` |");
    Path copy = tmp.resolve("operations.md");
    Files.writeString(copy, broken);
    assertThat(DocChecks.configProblems(copy, defaults, VerdictConfig.environmentNames())).contains(
        "max_batch: read by the config code, missing from the reference",
        "VERDICT_MAX_BATCH: read by the config code, missing from the reference",
        "http.max_url_length: documented default 2048, the code's 4096",
        "scorers: in the reference, but the config code reads no such key");
  }

  @Test
  void everyRunnableBlockRunsAgainstALiveServer(@TempDir Path repo) throws Exception {
    Tools.require("curl", "curl");
    TestModels.copyTree(ROOT.resolve("conf"), repo.resolve("conf"));
    TestModels.copyTree(ROOT.resolve("models"), repo.resolve("models"));
    int ran = 0;
    try (DocRunner.Session session = new DocRunner.Session(repo)) {
      session.run(List.of(DocRunner.SERVE));
      for (Path page : DocChecks.pages(ROOT)) {
        if (OWN_TESTS.contains(page.getFileName().toString())) {
          continue;
        }
        for (String block : DocRunner.blocks(page)) {
          String out = session.run(List.of(block)).get(0);
          assertThat(out).as(page.getFileName() + ": " + block).isNotBlank();
          if (!block.contains("# 4") && !block.contains("# 422")) {
            assertThat(out).as(page.getFileName() + ": " + block).doesNotContain("\"error\"");
          }
          ran++;
        }
      }
    }
    assertThat(ran).as("the README's request, the API page's and the explanation's").isGreaterThanOrEqualTo(6);
  }
}
