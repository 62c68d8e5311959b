package dev.verdict.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePipelineTest {
  private final FeaturePipeline pipeline = TestModels.product().pipeline();

  private int offset(String group) {
    return pipeline.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().start();
  }

  @Test
  void sameProductGivesTheSameVectorEveryTime() {
    FeatureVector a = pipeline.encode(TestModels.iphone());
    FeatureVector b = pipeline.encode(TestModels.iphone());
    assertThat(a.indices()).isEqualTo(b.indices());
    assertThat(a.values()).isEqualTo(b.values());
    assertThat(a.indices()).isSorted();
    assertThat(a.size()).isEqualTo(pipeline.size()).isEqualTo(16384 + 1 + 64 + 1024 + 64 + 3 + 512);
  }

  @Test
  void numbersAreTransformedAndTitleTokensCounted() {
    FeatureVector v = pipeline.encode(TestModels.iphone());
    assertThat(v.get(offset("price"))).isCloseTo(Math.log1p(1299.99), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(v.get(offset("rating"))).isEqualTo(4.8);
    assertThat(v.get(offset("reviews_count"))).isCloseTo(Math.log1p(15234), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(v.get(offset("title_tokens"))).isEqualTo(5.0);
    // 5 unigrams + 4 bigrams + prefixes of the 2 tokens longer than 4 chars ("apple", "iphone"), no collisions
    double titleMass = 0;
    for (int i = 0; i < v.nnz(); i++) {
      if (v.indices()[i] < offset("title_tokens")) {
        titleMass += v.values()[i];
      }
    }
    assertThat(titleMass).isEqualTo(11.0);
  }

  @Test
  void missingOptionalFieldsAreNaNAndUnknownFieldsAreIgnored() {
    Map<String, Object> minimal = new HashMap<>(Map.of("title", "Apple iPhone 15 Pro Max"));
    FeatureVector v = pipeline.encode(minimal);
    assertThat(v.get(offset("price"))).isNaN();
    assertThat(v.get(offset("rating"))).isNaN();
    assertThat(v.get(offset("reviews_count"))).isNaN();
    for (String g : List.of("brand", "seller_id", "subcategory", "brand_x_price")) {
      int start = offset(g);
      int end = pipeline.groups().stream().filter(x -> x.name().equals(g)).findFirst().orElseThrow().end();
      for (int c : v.indices()) {
        assertThat(c >= start && c < end).as("%s column %d", g, c).isFalse();
      }
    }
    minimal.put("color", "space black");
    minimal.put("nested", Map.of("a", 1));
    FeatureVector withUnknown = pipeline.encode(minimal);
    assertThat(withUnknown.indices()).isEqualTo(v.indices());
  }

  @Test
  void unicodeAndVeryLongTitlesEncode() {
    FeatureVector u = pipeline.encode(Map.of("title", "Ｓｔａｐｌｅｒ 日本語 Ünïcödé — 🚀 Bürostuhl"));
    assertThat(pipeline.tokens("Ｓｔａｐｌｅｒ 日本語 Ünïcödé — 🚀 Bürostuhl"))
        .containsExactly("stapler", "日本語", "ünïcödé", "bürostuhl");
    assertThat(u.get(offset("title_tokens"))).isEqualTo(4.0);

    String longTitle = "heavy duty stapler ".repeat(110).substring(0, 2000);
    FeatureVector l = pipeline.encode(Map.of("title", longTitle));
    assertThat(l.get(offset("title_tokens"))).isEqualTo(64.0); // max_tokens caps the work per request
    assertThatThrownBy(() -> pipeline.encode(Map.of("title", "x".repeat(2001))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 2000 characters");
  }

  @Test
  void emptyTitleIsRejectedWithAClearMessage() {
    for (String t : List.of("", "   ", "!!! ---")) {
      assertThatThrownBy(() -> pipeline.encode(Map.of("title", t)))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
              .containsExactly(new FieldError("title", "must contain at least one letter or digit")));
    }
    assertThatThrownBy(() -> pipeline.encode(Map.of("brand", "Apple")))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.errors()).containsExactly(new FieldError("title", "is required")));
  }

  @Test
  void nonFiniteNegativeAndMistypedNumbersAreAllReported() {
    Map<String, Object> bad = new HashMap<>();
    bad.put("title", "Stapler");
    bad.put("price", Double.NaN);
    bad.put("rating", Double.POSITIVE_INFINITY);
    bad.put("reviews_count", -3);
    bad.put("brand", 42);
    List<FieldError> errors = pipeline.validate(bad);
    // NaN is how a binary tensor says "missing", and price may be missing
    assertThat(errors).containsExactlyInAnyOrder(
        new FieldError("rating", "must be a finite number"),
        new FieldError("reviews_count", "must be >= 0"),
        new FieldError("brand", "must be a string"));
    bad.put("price", Double.NEGATIVE_INFINITY);
    bad.put("rating", 5.5);
    bad.put("reviews_count", 1.5);
    bad.put("brand", "Swingline");
    assertThat(pipeline.validate(bad)).containsExactlyInAnyOrder(
        new FieldError("price", "must be a finite number"),
        new FieldError("rating", "must be <= 5"),
        new FieldError("reviews_count", "must be an integer"));
  }

  @Test
  void positionalVectorsOnlyForAllNumericModels() {
    FeaturePipeline penguins = TestModels.penguins().pipeline();
    FeatureVector v = penguins.encodePositional(List.of(39.1, 18.7, 181, 3750));
    assertThat(v.toDense()).containsExactly(39.1, 18.7, 181.0, 3750.0);
    assertThatThrownBy(() -> penguins.encodePositional(List.of(1, 2)))
        .hasMessageContaining("exactly 4 values");
    assertThatThrownBy(() -> pipeline.encodePositional(List.of(1.0)))
        .hasMessageContaining("named fields");
  }

  /** A fresh JVM (the {@code features} command) must produce the same vector: the hash is JVM-independent. */
  @Test
  void freshJvmProducesTheSameVector(@TempDir Path tmp) throws IOException, InterruptedException {
    Path input = tmp.resolve("in.jsonl");
    Files.writeString(input, "{\"title\":\"Apple iPhone 15 Pro Max\",\"seller_id\":\"seller_123\",\"brand\":\"Apple\","
        + "\"subcategory\":\"Smartphones\",\"price\":1299.99,\"rating\":4.8,\"reviews_count\":15234}\n"
        + "{\"title\":\"Bush Somerset Collection Bookcase\"}\n");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.verdict.app.Main", "features",
        "--model", TestModels.PRODUCT_DIR.toString(), "--input", input.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(lines).hasSize(2);
    double[] here = pipeline.encode(TestModels.iphone()).toDense();
    io.vertx.core.json.JsonArray there = new io.vertx.core.json.JsonArray(lines.get(0));
    assertThat(there.size()).isEqualTo(here.length);
    for (int i = 0; i < here.length; i++) {
      Object o = there.getValue(i);
      if (Double.isNaN(here[i])) {
        assertThat(o).as("column %d", i).isNull();
      } else {
        assertThat(((Number) o).doubleValue()).as("column %d", i).isEqualTo(here[i]);
      }
    }
  }

  @Test
  void hasTokenAgreesWithTheTokenizer() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    int[] pool = {'a', 'Z', '7', ' ', '-', '!', 0x2460 /* circled 1: NFKC makes it a digit */, 0xFF21 /* fullwidth A */,
        0x00A0, 0x0301 /* combining accent */, 0x1F600 /* emoji */, 0x00BD /* one half */, 0x3000, '.'};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(6);
      for (int i = 0; i < len; i++) {
        b.appendCodePoint(pool[r.nextInt(pool.length)]);
      }
      String s = b.toString();
      org.assertj.core.api.Assertions.assertThat(Tokenizer.hasToken(s)).as("\"%s\"", s)
          .isEqualTo(!Tokenizer.tokens(s, 1).isEmpty());
    }
  }
}
