package com.twosixty.relay.log;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on stdout, in Cloud Logging's structured format: {@code severity},
 * {@code message}, then the given fields. Never pass a secret as a field. Written with Gson's
 * streaming writer, not a {@code Gson} instance: building one, and its reflective adapters for every
 * line, cost release-publisher's cold start some 75 classes (the others load them inside gax anyway).
 */
public final class StructuredLog {
  private final String component;
  private final PrintStream out;
  /** Fields every line of this logger carries, after {@code component} and before the call's own. */
  private final Object[] bound;

  private StructuredLog(String component, PrintStream out, Object[] bound) {
    this.component = component;
    this.out = out;
    this.bound = bound;
  }

  public static StructuredLog forComponent(String component) {
    return new StructuredLog(component, System.out, new Object[0]);
  }

  public static StructuredLog to(String component, PrintStream out) {
    return new StructuredLog(component, out, new Object[0]);
  }

  /**
   * A logger that writes these fields (alternating keys and values) on every line, ahead of each
   * call's own: {@code log.with("client", id).info("m", "k", v)} writes what
   * {@code log.info("m", "client", id, "k", v)} writes.
   */
  public StructuredLog with(Object... keyValues) {
    requirePairs(keyValues);
    Object[] fields = Arrays.copyOf(bound, bound.length + keyValues.length);
    System.arraycopy(keyValues, 0, fields, bound.length, keyValues.length);
    return new StructuredLog(component, out, fields);
  }

  public void info(String message, Object... keyValues) {
    write("INFO", message, keyValues);
  }

  public void warn(String message, Object... keyValues) {
    write("WARNING", message, keyValues);
  }

  public void error(String message, Object... keyValues) {
    write("ERROR", message, keyValues);
  }

  /** Renders one line; fields come as alternating keys and values. */
  public String render(String severity, String message, Object... keyValues) {
    requirePairs(keyValues);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("severity", severity);
    entry.put("message", message);
    entry.put("component", component);
    put(entry, bound);
    put(entry, keyValues);
    StringWriter line = new StringWriter();
    try (JsonWriter json = new JsonWriter(line)) {
      json.setHtmlSafe(false);
      json.setSerializeNulls(true);
      json.beginObject();
      for (Map.Entry<String, Object> field : entry.entrySet()) {
        json.name(field.getKey());
        Object value = field.getValue();
        if (value == null) {
          json.nullValue();
        } else if (value instanceof Number number) {
          json.value(number);
        } else if (value instanceof Boolean flag) {
          json.value(flag);
        } else {
          json.value((String) value);
        }
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line.toString();
  }

  private static void requirePairs(Object[] keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("log fields come in key/value pairs");
    }
  }

  private static void put(Map<String, Object> entry, Object[] keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      Object value = keyValues[i + 1];
      entry.put(String.valueOf(keyValues[i]),
          value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
    }
  }

  private void write(String severity, String message, Object... keyValues) {
    String line = render(severity, message, keyValues);
    synchronized (out) {
      out.println(line);
    }
  }
}
