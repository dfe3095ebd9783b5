package com.twosixty.relay.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics' Firestore layout and its tolerant reads (a missing or mistyped field reads as empty):
 * {@code metrics/{client}} holds {@code failingSince} {service: RFC 3339}; {@code metrics/{client}/days/{yyyy-mm-dd}}
 * holds {@code day} and {@code services} {service: {succeeded, failed, rolledBack, leadTimes [s], recoveries [s]}}.
 */
public final class MetricsDocuments {
  public static final String COLLECTION = "metrics";
  public static final String DAYS = "days";
  public static final String CLIENT = "client";
  public static final String FAILING_SINCE = "failingSince";
  public static final String DAY = "day";
  public static final String SERVICES = "services";

  private MetricsDocuments() {}

  public static Map<String, Object> clientFields(String client, Map<String, Instant> failingSince) {
    Map<String, Object> failing = new LinkedHashMap<>();
    failingSince.forEach((service, at) -> failing.put(service, at.toString()));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(CLIENT, client);
    doc.put(FAILING_SINCE, failing);
    return doc;
  }

  public static Map<String, Instant> failingSince(Map<String, Object> clientDoc) {
    Map<String, Instant> failing = new LinkedHashMap<>();
    map(clientDoc == null ? null : clientDoc.get(FAILING_SINCE)).forEach((service, at) -> {
      try {
        failing.put(service, Instant.parse(at instanceof String s ? s : ""));
      } catch (DateTimeParseException e) {
        // unreadable: the service is not counted as failing
      }
    });
    return failing;
  }

  public static Map<String, Object> dayFields(MetricsDay day) {
    Map<String, Object> services = new LinkedHashMap<>();
    day.services().forEach((name, counters) -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("succeeded", counters.succeeded());
      fields.put("failed", counters.failed());
      fields.put("rolledBack", counters.rolledBack());
      fields.put("leadTimes", counters.leadTimes());
      fields.put("recoveries", counters.recoveries());
      services.put(name, fields);
    });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(DAY, day.day().toString());
    doc.put(SERVICES, services);
    return doc;
  }

  /** A day document's fields, or null for a missing document (an empty day). */
  public static MetricsDay day(LocalDate day, Map<String, Object> doc) {
    Map<String, ServiceDay> services = new LinkedHashMap<>();
    map(doc == null ? null : doc.get(SERVICES)).forEach((name, value) -> {
      Map<String, Object> fields = map(value);
      services.put(name, new ServiceDay(number(fields.get("succeeded")), number(fields.get("failed")),
          number(fields.get("rolledBack")), samples(fields.get("leadTimes")), samples(fields.get("recoveries"))));
    });
    return new MetricsDay(day, services);
  }

  private static Map<String, Object> map(Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> map.put(String.valueOf(k), v));
    }
    return map;
  }

  private static long number(Object value) {
    return value instanceof Number n ? Math.max(0, n.longValue()) : 0L;
  }

  private static List<Long> samples(Object value) {
    List<Long> samples = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> {
        if (item instanceof Number n) {
          samples.add(n.longValue());
        }
      });
    }
    samples.sort(null);
    return samples;
  }
}
