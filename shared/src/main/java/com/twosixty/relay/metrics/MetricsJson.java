package com.twosixty.relay.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/metrics}'s answer: written by release-status, read back by {@code relay metrics}.
 * Durations are whole seconds; a key with nothing to measure is {@code null}.
 */
public final class MetricsJson {
  private MetricsJson() {}

  public static String toJson(MetricsReport report) {
    JsonObject json = new JsonObject();
    json.addProperty("window", report.window());
    json.addProperty("from", report.from().toString());
    json.addProperty("to", report.to().toString());
    json.add("overall", keys(report.overall()));
    json.add("trend", trend(report.trend()));
    JsonArray clients = new JsonArray();
    for (MetricsReport.ClientMetrics client : report.clients()) {
      JsonObject c = new JsonObject();
      c.addProperty("client", client.client());
      c.add("keys", keys(client.keys()));
      JsonObject services = new JsonObject();
      new java.util.TreeMap<>(client.services()).forEach((name, keys) -> services.add(name, keys(keys)));
      c.add("services", services);
      c.add("trend", trend(client.trend()));
      clients.add(c);
    }
    json.add("clients", clients);
    return json.toString();
  }

  private static JsonObject keys(FourKeys keys) {
    JsonObject json = new JsonObject();
    json.addProperty("deploys", keys.deploys());
    json.addProperty("succeeded", keys.succeeded());
    json.addProperty("failed", keys.failed());
    json.addProperty("rolledBack", keys.rolledBack());
    json.addProperty("deploymentFrequencyPerDay", keys.deploysPerDay());
    seconds(json, "leadTimeMedianSeconds", keys.leadTimeMedian());
    seconds(json, "leadTimeP90Seconds", keys.leadTimeP90());
    json.addProperty("leadTimeSamples", keys.leadTimeSamples());
    if (keys.changeFailureRate().isPresent()) {
      json.addProperty("changeFailureRate", keys.changeFailureRate().get());
    } else {
      json.add("changeFailureRate", JsonNull.INSTANCE);
    }
    seconds(json, "recoveryMedianSeconds", keys.recoveryMedian());
    json.addProperty("recoveries", keys.recoveries());
    return json;
  }

  private static JsonArray trend(List<MetricsReport.DayPoint> points) {
    JsonArray array = new JsonArray();
    for (MetricsReport.DayPoint point : points) {
      JsonObject json = new JsonObject();
      json.addProperty("day", point.day().toString());
      json.addProperty("succeeded", point.succeeded());
      json.addProperty("failed", point.failed());
      json.addProperty("rolledBack", point.rolledBack());
      seconds(json, "leadTimeMedianSeconds", point.leadTimeMedian());
      array.add(json);
    }
    return array;
  }

  private static void seconds(JsonObject json, String name, Optional<Duration> value) {
    if (value.isPresent()) {
      json.addProperty(name, value.get().toSeconds());
    } else {
      json.add(name, JsonNull.INSTANCE);
    }
  }

  /** @throws IllegalArgumentException when the text is not such an answer */
  public static MetricsReport fromJson(String text) {
    try {
      JsonObject json = JsonParser.parseString(text).getAsJsonObject();
      List<MetricsReport.ClientMetrics> clients = new ArrayList<>();
      for (JsonElement element : json.getAsJsonArray("clients")) {
        JsonObject c = element.getAsJsonObject();
        Map<String, FourKeys> services = new LinkedHashMap<>();
        c.getAsJsonObject("services").entrySet().forEach(e -> services.put(e.getKey(), readKeys(e.getValue().getAsJsonObject())));
        clients.add(new MetricsReport.ClientMetrics(c.get("client").getAsString(), readKeys(c.getAsJsonObject("keys")),
            readTrend(c.getAsJsonArray("trend")), services));
      }
      return new MetricsReport(json.get("window").getAsString(), LocalDate.parse(json.get("from").getAsString()),
          LocalDate.parse(json.get("to").getAsString()), readKeys(json.getAsJsonObject("overall")),
          readTrend(json.getAsJsonArray("trend")), clients);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a /api/metrics answer: " + e.getMessage(), e);
    }
  }

  private static FourKeys readKeys(JsonObject json) {
    JsonElement rate = json.get("changeFailureRate");
    return new FourKeys(json.get("deploys").getAsLong(), json.get("succeeded").getAsLong(), json.get("failed").getAsLong(),
        json.get("rolledBack").getAsLong(), json.get("deploymentFrequencyPerDay").getAsDouble(),
        readSeconds(json, "leadTimeMedianSeconds"), readSeconds(json, "leadTimeP90Seconds"),
        json.get("leadTimeSamples").getAsInt(),
        rate == null || rate.isJsonNull() ? Optional.empty() : Optional.of(rate.getAsDouble()),
        readSeconds(json, "recoveryMedianSeconds"), json.get("recoveries").getAsInt());
  }

  private static List<MetricsReport.DayPoint> readTrend(JsonArray array) {
    List<MetricsReport.DayPoint> points = new ArrayList<>();
    for (JsonElement element : array) {
      JsonObject json = element.getAsJsonObject();
      points.add(new MetricsReport.DayPoint(LocalDate.parse(json.get("day").getAsString()), json.get("succeeded").getAsLong(),
          json.get("failed").getAsLong(), json.get("rolledBack").getAsLong(), readSeconds(json, "leadTimeMedianSeconds")));
    }
    return points;
  }

  private static Optional<Duration> readSeconds(JsonObject json, String name) {
    JsonElement value = json.get(name);
    return value == null || value.isJsonNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(value.getAsLong()));
  }

  /** "3h 20m", "45s", "2d 4h": a duration for people; "—" when there is none. */
  public static String human(Optional<Duration> duration) {
    if (duration.isEmpty()) {
      return "—";
    }
    long s = duration.get().toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    }
    if (s < 86_400) {
      return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
    }
    return (s / 86_400) + "d" + ((s % 86_400) / 3600 == 0 ? "" : " " + (s % 86_400) / 3600 + "h");
  }

  /** "25%", or "—". */
  public static String percent(Optional<Double> rate) {
    return rate.map(r -> Math.round(r * 100) + "%").orElse("—");
  }
}
