package dev.verdict.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JSON object file, and says where it is broken: file, line and column. */
public final class JsonFiles {
  private JsonFiles() {
  }

  public static JsonObject readObject(Path file) throws IOException {
    String text = Files.readString(file);
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IOException(file + ": " + describe(e), e);
    } catch (ClassCastException e) {
      throw new IOException(file + ": invalid JSON: the top level must be an object", e);
    }
  }

  /** {@code invalid JSON at line 3, column 7: Unexpected character ('}' ...)} from Jackson's parse error. */
  public static String describe(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException p && p.getLocation() != null) {
      JsonLocation at = p.getLocation();
      String why = p.getOriginalMessage();
      // Jackson appends where a container started and a redacted source: noise on a command line.
      why = why.replaceAll("(?s)\\s*\\(for \\w+ starting at.*$", "").replaceAll("(?s)\n.*$", "");
      return "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + why;
    }
    return "invalid JSON: " + e.getMessage();
  }
}
