package com.twosixty.relay.push;

import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.ServiceSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the monorepo's services live ({@code RELAY_SERVICES}: {@code billing=billing/,portal=portal/})
 * and which paths every service depends on ({@code RELAY_SHARED_PATHS}: {@code shared/,pom.xml}).
 * {@link #parse} reads the two settings and {@link #servicesSetting}/{@link #sharedPathsSetting}
 * print them (for the local stack, which sets them as Terraform does); each is the other's inverse.
 *
 * <p>A path ending in {@code /} is a folder and covers everything below it; any other path covers
 * that file and, should it be a folder, everything below it ({@code billing} covers
 * {@code billing/x} but not {@code billing-tools/x}).
 */
public record MonorepoLayout(Map<String, String> serviceFolders, List<String> sharedPaths) {
  /** Service names end up in image names and in the comma-separated {@code _SERVICES}. */
  private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$");

  public MonorepoLayout {
    if (serviceFolders.isEmpty()) {
      throw new IllegalArgumentException("a monorepo layout needs at least one service");
    }
    serviceFolders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serviceFolders));
    sharedPaths = List.copyOf(sharedPaths);
  }

  public static MonorepoLayout from(Settings settings) {
    try {
      return parse(settings.require(Setting.RELAY_SERVICES), settings.get(Setting.RELAY_SHARED_PATHS));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  /** Parses the two settings' values; a malformed entry is an IllegalArgumentException naming it. */
  public static MonorepoLayout parse(String services, String sharedPaths) {
    Map<String, String> folders = new LinkedHashMap<>();
    for (String entry : splitList(services)) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException(Setting.RELAY_SERVICES.name() + " entry '" + entry
            + "' is not service=folder/");
      }
      String name = entry.substring(0, equals).trim();
      String folder = normalise(entry.substring(equals + 1));
      if (!SERVICE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(Setting.RELAY_SERVICES.name() + ": '" + name
            + "' is not a service name (lowercase letters, digits, . _ -)");
      }
      if (name.equals(ServiceSelection.ALL)) {
        throw new IllegalArgumentException(Setting.RELAY_SERVICES.name() + ": '" + name
            + "' cannot name a service: _SERVICES=" + ServiceSelection.ALL + " means every service");
      }
      if (folder.isEmpty() || folder.equals("/")) {
        throw new IllegalArgumentException(Setting.RELAY_SERVICES.name() + ": service '" + name
            + "' needs a folder below the repository root");
      }
      if (folders.put(name, folder) != null) {
        throw new IllegalArgumentException(Setting.RELAY_SERVICES.name() + " names '" + name + "' twice");
      }
    }
    List<String> shared = new ArrayList<>();
    for (String path : splitList(sharedPaths)) {
      shared.add(normalise(path));
    }
    return new MonorepoLayout(folders, shared);
  }

  public List<String> serviceNames() {
    return List.copyOf(serviceFolders.keySet());
  }

  /** The value of RELAY_SERVICES: {@code billing=billing/,portal=portal/}, what {@link #parse} reads. */
  public String servicesSetting() {
    return serviceFolders.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** The value of RELAY_SHARED_PATHS: {@code shared/,pom.xml}, what {@link #parse} reads. */
  public String sharedPathsSetting() {
    return String.join(",", sharedPaths);
  }

  /** The folder of a service of this monorepo; another name is an IllegalArgumentException listing them. */
  public String folder(String service) {
    String folder = serviceFolders.get(service);
    if (folder == null) {
      throw new IllegalArgumentException("no service '" + service + "' in the monorepo (services: " + serviceNames() + ")");
    }
    return folder;
  }

  /** The service whose folder holds this path, if any. */
  public Optional<String> serviceOf(String path) {
    for (Map.Entry<String, String> service : serviceFolders.entrySet()) {
      if (covers(service.getValue(), path)) {
        return Optional.of(service.getKey());
      }
    }
    return Optional.empty();
  }

  /** The shared path entry that covers this path, if any. */
  public Optional<String> sharedEntryOf(String path) {
    return sharedPaths.stream().filter(entry -> covers(entry, path)).findFirst();
  }

  static boolean covers(String entry, String path) {
    String normalisedPath = path.startsWith("/") ? path.substring(1) : path;
    if (entry.endsWith("/")) {
      return normalisedPath.startsWith(entry);
    }
    return normalisedPath.equals(entry) || normalisedPath.startsWith(entry + "/");
  }

  private static String normalise(String path) {
    String trimmed = path.trim();
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
  }

  private static List<String> splitList(String value) {
    List<String> entries = new ArrayList<>();
    for (String entry : value.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return entries;
  }
}
