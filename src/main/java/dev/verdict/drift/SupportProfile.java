package dev.verdict.drift;

import dev.verdict.bus.Support;
import dev.verdict.features.CrossSpec;
import dev.verdict.features.FeatureGroup;
import dev.verdict.features.FeaturePipeline;
import dev.verdict.features.FieldSpec;
import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the training rows covered, read from {@code baseline.json}: the hashed buckets they used, the range
 * and 5th percentile of each number, how often each field was present. Turns one encoded request into its
 * {@link Support}. Immutable; shared by the workers, the trainer's shift suite and {@code evaluate}, so the
 * rows a routing choice was measured on are picked out exactly as live requests are.
 */
public final class SupportProfile {
  /** A text field whose tokens are mostly unseen: typos, another language, another domain. */
  public static final String UNSEEN_TEXT = "unseen-text";
  /** A text field with fewer words than 95% of training texts: dropped words, truncated titles. */
  public static final String SHORT_TEXT = "short-text";
  public static final String OUT_OF_RANGE = "out-of-range";
  public static final String MISSING_FIELD = "missing-field";
  public static final String UNSEEN_CATEGORY = "unseen-category";
  public static final List<String> CONDITIONS = List.of(UNSEEN_TEXT, SHORT_TEXT, OUT_OF_RANGE, MISSING_FIELD,
      UNSEEN_CATEGORY);
  /** A field present in at least this share of training rows is expected. */
  static final double EXPECTED_PRESENCE = 0.9;
  /** Unseen-token share above which a text is out of support, whatever validation rows showed. */
  static final double MIN_UNSEEN_LIMIT = 0.5;

  private final boolean[] seen;          // by column: a hashed bucket some training row used
  private final int[] groupOf;           // by column: index into groups, -1 outside any
  private final List<FeatureGroup> groups;
  /** What a feature group is for judging support; crosses are derived from other fields, so ignored. */
  private enum Role { TEXT, TOKENS, CATEGORY, NUMBER, IGNORED }

  private final Role[] role;             // by group
  private final double[] min;
  private final double[] max;
  private final double[] shortBelow;     // tokens groups: fewer tokens than this is short
  private final boolean[] expected;      // group usually present in training
  private final double unseenLimit;
  /** Category fields (pandas codes) by name: an unseen value is read from the record, since it encodes as NaN. */
  private final java.util.Map<String, java.util.Set<String>> categories = new java.util.LinkedHashMap<>();

  private SupportProfile(List<FeatureGroup> groups, int size, JsonObject baseline, List<String> textFields,
                         List<String> crosses, List<FieldSpec> categoryFields) {
    categoryFields.forEach(f -> categories.put(f.name(), new java.util.HashSet<>(f.categories())));
    this.groups = groups;
    this.seen = new boolean[size];
    this.groupOf = new int[size];
    java.util.Arrays.fill(groupOf, -1);
    int n = groups.size();
    this.role = new Role[n];
    this.min = new double[n];
    this.max = new double[n];
    this.shortBelow = new double[n];
    this.expected = new boolean[n];
    JsonObject g = baseline.getJsonObject("groups", new JsonObject());
    double limit = MIN_UNSEEN_LIMIT;
    for (int i = 0; i < n; i++) {
      FeatureGroup fg = groups.get(i);
      JsonObject b = g.getJsonObject(fg.name());
      for (int c = fg.start(); c < fg.end(); c++) {
        groupOf[c] = i;
      }
      if (b == null || categories.containsKey(fg.name())) {
        role[i] = Role.IGNORED;
        continue;
      }
      if ("hashed".equals(fg.kind())) {
        role[i] = crosses.contains(fg.name()) ? Role.IGNORED : textFields.contains(fg.name()) ? Role.TEXT
            : Role.CATEGORY;
        b.getJsonObject("frequencies", new JsonObject()).fieldNames()
            .forEach(k -> seen[fg.start() + Integer.parseInt(k)] = true);
        expected[i] = 1.0 - b.getDouble("empty_rate", 1.0) >= EXPECTED_PRESENCE;
        if (role[i] == Role.TEXT) {
          limit = Math.max(limit, b.getDouble("row_unseen_p99", 0.0));
        }
      } else {
        double miss = b.getDouble("missing_rate", 1.0);
        role[i] = "length".equals(fg.kind()) ? Role.TOKENS : miss >= 1.0 ? Role.IGNORED : Role.NUMBER;
        var sample = b.getJsonArray("sample", new io.vertx.core.json.JsonArray());
        min[i] = b.getDouble("min", sample.isEmpty() ? Double.NEGATIVE_INFINITY : sample.getDouble(0));
        max[i] = b.getDouble("max", sample.isEmpty() ? Double.POSITIVE_INFINITY : sample.getDouble(sample.size() - 1));
        shortBelow[i] = b.getDouble("p05", 0.0);
        expected[i] = role[i] == Role.NUMBER && 1.0 - miss >= EXPECTED_PRESENCE;
      }
    }
    this.unseenLimit = limit;
  }

  /** Crosses are derived from other fields, so they are not judged on their own. */
  public static SupportProfile of(FeaturePipeline pipeline, JsonObject baseline) {
    List<String> text = pipeline.spec().fields().stream().filter(f -> FieldSpec.TEXT.equals(f.type()))
        .map(FieldSpec::name).toList();
    List<String> crosses = pipeline.spec().crosses().stream().map(CrossSpec::name).toList();
    return new SupportProfile(pipeline.groups(), pipeline.size(), baseline, text, crosses,
        pipeline.spec().fields().stream().filter(FieldSpec::isCategory).toList());
  }

  /**
   * For a model served without a baseline (a model file from elsewhere): what the model itself says it saw,
   * LightGBM's {@code feature_infos}: each number's training range, and the categories pandas coded. A number
   * that may be null is not expected; any other is.
   *
   * @param featureInfos one token per field, in field order: {@code [min:max]}, {@code none}, or categories
   */
  public static SupportProfile fromFeatureInfos(FeaturePipeline pipeline, List<String> featureInfos) {
    JsonObject groups = new JsonObject();
    List<FieldSpec> fields = pipeline.spec().fields();
    for (int i = 0; i < fields.size() && i < featureInfos.size(); i++) {
      FieldSpec f = fields.get(i);
      String info = featureInfos.get(i);
      double[] range = dev.verdict.model.ModelFile.range(info);
      if (f.isNumeric() && range != null) {
        groups.put(f.name(), new JsonObject().put("min", range[0]).put("max", range[1])
            .put("missing_rate", f.nullable() ? 0.5 : 0.0));
      }
    }
    return of(pipeline, new JsonObject().put("groups", groups));
  }

  /** {@link #of(FeatureVector)}, plus the category fields whose value in the record is none the model saw. */
  public Support of(FeatureVector v, java.util.Map<String, ?> record) {
    Support s = of(v);
    if (categories.isEmpty() || record == null) {
      return s;
    }
    List<String> unseen = new ArrayList<>(s.unseenCategories());
    categories.forEach((name, known) -> {
      if (record.get(name) instanceof String value && !known.contains(value) && !unseen.contains(name)) {
        unseen.add(name);
      }
    });
    if (unseen.size() == s.unseenCategories().size()) {
      return s;
    }
    List<String> conditions = new ArrayList<>(s.conditions());
    add(conditions, UNSEEN_CATEGORY);
    return new Support(s.unseenTextShare(), s.textTokens(), s.outOfRange(), s.missing(), unseen, conditions);
  }

  public double unseenLimit() {
    return unseenLimit;
  }

  public Support of(FeatureVector v) {
    int n = groups.size();
    double[] mass = new double[n];
    double[] unseenMass = new double[n];
    double[] value = new double[n];
    boolean[] hit = new boolean[n];
    for (int i = 0; i < v.nnz(); i++) {
      int c = v.indices()[i];
      int gi = groupOf[c];
      if (gi < 0) {
        continue;
      }
      if (role[gi] == Role.TEXT || role[gi] == Role.CATEGORY) {
        mass[gi] += v.values()[i];
        if (!seen[c]) {
          unseenMass[gi] += v.values()[i];
        }
      } else {
        value[gi] = v.values()[i];
        hit[gi] = true;
      }
    }
    double textMass = 0;
    double textUnseen = 0;
    int tokens = 0;
    boolean hasText = false;
    List<String> outOfRange = new ArrayList<>(0);
    List<String> missing = new ArrayList<>(0);
    List<String> unseenCats = new ArrayList<>(0);
    List<String> conditions = new ArrayList<>(0);
    for (int gi = 0; gi < n; gi++) {
      String name = groups.get(gi).name();
      switch (role[gi]) {
        case TEXT -> {
          hasText = true;
          textMass += mass[gi];
          textUnseen += unseenMass[gi];
        }
        case TOKENS -> {
          // absent column = 0 tokens (the pipeline stores counts; zero is sparse)
          double t = hit[gi] ? value[gi] : 0;
          tokens += (int) t;
          if (t < shortBelow[gi]) {
            add(conditions, SHORT_TEXT);
          }
        }
        case CATEGORY -> {
          if (mass[gi] == 0) {
            if (expected[gi]) {
              missing.add(name);
            }
          } else if (unseenMass[gi] > 0) {
            unseenCats.add(name);
          }
        }
        case NUMBER -> {
          // an absent column is a sparse zero; a missing number is stored explicitly as NaN
          double x = hit[gi] ? value[gi] : 0.0;
          if (Double.isNaN(x)) {
            if (expected[gi]) {
              missing.add(name);
            }
          } else if (x < min[gi] || x > max[gi]) {
            outOfRange.add(name);
          }
        }
        default -> {
        }
      }
    }
    double share = hasText && textMass > 0 ? textUnseen / textMass : Double.NaN;
    if (share >= unseenLimit) {
      add(conditions, UNSEEN_TEXT);
    }
    if (!outOfRange.isEmpty()) {
      add(conditions, OUT_OF_RANGE);
    }
    if (!missing.isEmpty()) {
      add(conditions, MISSING_FIELD);
    }
    if (!unseenCats.isEmpty()) {
      add(conditions, UNSEEN_CATEGORY);
    }
    return new Support(share, tokens, outOfRange, missing, unseenCats, conditions);
  }

  private static void add(List<String> l, String s) {
    if (!l.contains(s)) {
      l.add(s);
    }
  }
}
