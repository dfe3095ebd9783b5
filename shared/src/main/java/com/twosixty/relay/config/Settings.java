package com.twosixty.relay.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Reads {@link Setting}s from a map of variables: the process environment in production. */
public final class Settings {
  private final Map<String, String> variables;

  public Settings(Map<String, String> variables) {
    this.variables = Map.copyOf(Objects.requireNonNull(variables));
  }

  public static Settings fromEnvironment() {
    return new Settings(System.getenv());
  }

  /** The value, or the setting's default when unset or blank. */
  public String get(Setting setting) {
    String value = variables.get(setting.name());
    return value == null || value.isBlank() ? setting.defaultValue() : value.trim();
  }

  /** The value; a setting without value and without default is a configuration error. */
  public String require(Setting setting) {
    String value = get(setting);
    if (value.isEmpty()) {
      throw new IllegalStateException(
          "environment variable " + setting.name() + " is not set: " + setting.description());
    }
    return value;
  }

  public long getLong(Setting setting) {
    try {
      return Long.parseLong(get(setting));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(setting.name() + " must be a whole number, got '" + get(setting) + "'");
    }
  }

  public Duration getDuration(Setting setting) {
    try {
      return Duration.parse(get(setting));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          setting.name() + " must be an ISO-8601 duration such as PT24H, got '" + get(setting) + "'");
    }
  }

  /** Other variables a client library honours, such as PUBSUB_EMULATOR_HOST. */
  public String raw(String name) {
    String value = variables.get(name);
    return value == null ? "" : value.trim();
  }
}
