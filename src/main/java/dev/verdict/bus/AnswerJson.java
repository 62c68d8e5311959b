package dev.verdict.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one writer of an answer's JSON, for every door that answers JSON (REST, and the event-bus API through
 * {@link Prediction#toJson()}): straight to bytes, no intermediate {@code JsonObject} maps, doubles through
 * Jackson's Schubfach writer instead of {@code Double.toString} (the JDK's dtoa was about a tenth of the event
 * loop's time with 17 probabilities per answer). A new field is added here, once.
 */
public final class AnswerJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /**
   * Each label set's field names, quoted and escaped once instead of on every response (17 per product answer).
   * Keyed by the label list; bounded, since label sets come from loaded models.
   */
  private static final java.util.Map<java.util.List<String>, SerializedString[]> NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private AnswerJson() {
  }

  private static SerializedString[] names(java.util.List<String> labels) {
    SerializedString[] n = NAMES.get(labels);
    if (n == null) {
      if (NAMES.size() >= 256) {
        NAMES.clear();
      }
      n = labels.stream().map(SerializedString::new).toArray(SerializedString[]::new);
      NAMES.put(labels, n);
    }
    return n;
  }

  /** One prediction's document. */
  public static Buffer of(Prediction p) {
    return of(new PredictResponse(java.util.List.of(p), false));
  }

  /** A single prediction's document, or {@code {"predictions": [...]}} for a batch. */
  public static Buffer of(PredictResponse r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * r.predictions().size()
        * r.predictions().get(0).labels().size());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (r.batch()) {
        g.writeStartObject();
        g.writeArrayFieldStart("predictions");
        for (Prediction p : r.predictions()) {
          write(g, p);
        }
        g.writeEndArray();
        g.writeEndObject();
      } else {
        write(g, r.predictions().get(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static void writeSupport(JsonGenerator g, Support s) throws IOException {
    g.writeObjectFieldStart("support");
    g.writeBooleanField("in_support", s.inSupport());
    strings(g, "conditions", s.conditions());
    if (!Double.isNaN(s.unseenTextShare())) {
      g.writeNumberField("unseen_text_share", s.shownUnseenTextShare());
      g.writeNumberField("text_tokens", s.textTokens());
    }
    strings(g, "out_of_range", s.outOfRange());
    strings(g, "missing", s.missing());
    strings(g, "unseen_categories", s.unseenCategories());
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, java.util.List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void write(JsonGenerator g, Prediction p) throws IOException {
    g.writeStartObject();
    if (p.regression()) {
      g.writeNumberField("prediction", p.value());
    } else {
      if (p.labelField() != null && !"prediction".equals(p.labelField())) {
        g.writeStringField(p.labelField(), p.label());
      }
      g.writeStringField("prediction", p.label());
      g.writeObjectFieldStart("probabilities");
      SerializedString[] names = names(p.labels());
      double[] probabilities = p.probabilities();
      for (int k = 0; k < names.length; k++) {
        g.writeFieldName(names[k]);
        g.writeNumber(probabilities[k]);
      }
      g.writeEndObject();
      g.writeNumberField("confidence", p.confidence());
    }
    g.writeObjectFieldStart("model");
    g.writeStringField("name", p.model());
    g.writeStringField("version", p.version());
    g.writeStringField("path", p.path());
    if (p.fallbackKind() != null) {
      g.writeStringField("fallback", p.fallbackKind());
    }
    if (p.reason() != null) {
      g.writeStringField("reason", p.reason());
    }
    g.writeEndObject();
    if (p.raw() != null) {
      g.writeArrayFieldStart("raw");
      for (double d : p.raw()) {
        g.writeNumber(d);
      }
      g.writeEndArray();
    }
    if (p.support() != null) {
      writeSupport(g, p.support());
    }
    if (p.explanation() != null) {
      g.writeFieldName("explanation");
      g.writeRawValue(p.explanation().encode());
    }
    g.writeEndObject();
  }
}
