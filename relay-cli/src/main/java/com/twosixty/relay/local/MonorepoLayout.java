package com.twosixty.relay.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The monorepo's services and their folders, and the paths whose change affects all of them: what
 * push-webhook reads from RELAY_SERVICES / RELAY_SHARED_PATHS and what the Cloud Build stand-in
 * builds for {@code _SERVICES=all}.
 */
public record MonorepoLayout(String repoName, String releaseBranch, Map<String, String> serviceFolders,
    List<String> sharedPaths) {

  public MonorepoLayout {
    serviceFolders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serviceFolders));
    sharedPaths = List.copyOf(sharedPaths);
  }

  public static MonorepoLayout standard() {
    Map<String, String> folders = new LinkedHashMap<>();
    folders.put("billing", "billing/");
    folders.put("portal", "portal/");
    folders.put("reports", "reports/");
    return new MonorepoLayout("monorepo", "main", folders, List.of("shared/", "pom.xml", "cloudbuild.yaml"));
  }

  public List<String> services() {
    return List.copyOf(serviceFolders.keySet());
  }

  public String folder(String service) {
    String folder = serviceFolders.get(service);
    if (folder == null) {
      throw new IllegalArgumentException("no service '" + service + "' in the monorepo (services: " + services() + ")");
    }
    return folder;
  }

  /** The value of RELAY_SERVICES: {@code billing=billing/,portal=portal/}. */
  public String servicesSetting() {
    return serviceFolders.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  public String sharedPathsSetting() {
    return String.join(",", sharedPaths);
  }
}
