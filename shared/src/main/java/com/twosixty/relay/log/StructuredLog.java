package com.twosixty.relay.log;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on stdout, in Cloud Logging's structured format: {@code severity},
 * {@code message}, then the given fields. Never pass a secret as a field.
 */
public final class StructuredLog {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final String component;
  private final PrintStream out;

  private StructuredLog(String component, PrintStream out) {
    this.component = component;
    this.out = out;
  }

  public static StructuredLog forComponent(String component) {
    return new StructuredLog(component, System.out);
  }

  public static StructuredLog to(String component, PrintStream out) {
    return new StructuredLog(component, out);
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
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("log fields come in key/value pairs");
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("severity", severity);
    entry.put("message", message);
    entry.put("component", component);
    for (int i = 0; i < keyValues.length; i += 2) {
      Object value = keyValues[i + 1];
      entry.put(String.valueOf(keyValues[i]),
          value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
    }
    return GSON.toJson(entry);
  }

  private void write(String severity, String message, Object... keyValues) {
    String line = render(severity, message, keyValues);
    synchronized (out) {
      out.println(line);
    }
  }
}
