package com.twosixty.relay.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StructuredLogTest {
  private final StructuredLog log = StructuredLog.to("client-deployer", System.out);

  @Test
  void aLineIsOneJsonObjectInCloudLoggingsShape() {
    JsonObject line = JsonParser.parseString(log.render("WARNING", "release skipped", "release", "2026.11.25-1",
        "attempt", 3, "pinned", true, "reason", null)).getAsJsonObject();

    assertEquals("WARNING", line.get("severity").getAsString());
    assertEquals("release skipped", line.get("message").getAsString());
    assertEquals("client-deployer", line.get("component").getAsString());
    assertEquals("2026.11.25-1", line.get("release").getAsString());
    assertEquals(3, line.get("attempt").getAsInt());
    assertEquals(true, line.get("pinned").getAsBoolean());
    assertEquals(true, line.get("reason").isJsonNull());
  }

  /** The streaming writer writes what the Gson instance it replaced wrote, byte for byte. */
  @Test
  void writesWhatTheGsonInstanceWrote() {
    Object[] fields = {"count", 7, "ratio", 2.5, "whole", 2.0, "big", new BigDecimal("12345678901234567890.5"),
        "counter", new AtomicLong(42), "flag", false, "missing", null, "path", Path.of("/tmp/x"),
        "html", "<a href=\"x\">&'</a>", "unicode", "Zürich \u2028 \t tab\nnewline", "message", "a field named message"};

    assertEquals(gsonLine("INFO", "m <b>", fields), log.render("INFO", "m <b>", fields));
  }

  @Test
  void fieldsComeInPairs() {
    assertThrows(IllegalArgumentException.class, () -> log.render("INFO", "odd", "key"));
    assertThrows(IllegalArgumentException.class, () -> log.with("client"));
  }

  /** A bound field is written where the caller used to repeat it: first, right after component. */
  @Test
  void boundFieldsAreWrittenAsIfEveryCallRepeatedThem() {
    StructuredLog bound = log.with("client", "essence").with("attempt", 2);

    assertEquals(log.render("INFO", "deploy triggered", "client", "essence", "attempt", 2, "buildId", "b-1"),
        bound.render("INFO", "deploy triggered", "buildId", "b-1"));
    assertEquals(log.render("WARNING", "no fields", "client", "essence", "attempt", 2), bound.render("WARNING", "no fields"));
    assertEquals(log.render("INFO", "m"), log.with().render("INFO", "m"));
  }

  @Test
  void eachCallIsOneLineOnItsStream() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StructuredLog.to("release-status", new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .error("first\nsecond", "detail", "a\nb");

    String written = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, written.lines().count(), written);
    assertEquals("ERROR", JsonParser.parseString(written).getAsJsonObject().get("severity").getAsString());
  }

  private static String gsonLine(String severity, String message, Object... keyValues) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("severity", severity);
    entry.put("message", message);
    entry.put("component", "client-deployer");
    for (int i = 0; i < keyValues.length; i += 2) {
      Object value = keyValues[i + 1];
      entry.put(String.valueOf(keyValues[i]),
          value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
    }
    return new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(entry);
  }
}
