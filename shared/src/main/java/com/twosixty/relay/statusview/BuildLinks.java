package com.twosixty.relay.statusview;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Where a deploy build's log can be read: the log URL its notification carried, else Cloud Build's console page for it. */
public final class BuildLinks {
  private static final Pattern WEB = Pattern.compile("^https?://[^\\s\"'<>]+$");

  private BuildLinks() {}

  /**
   * @param logUrl what deploy-reporter stored from the build's notification ({@code Build.log_url})
   * @param buildId what client-deployer stored when it started the build
   * @param project the client project that ran the build ({@code ""} when unknown)
   * @return an http(s) URL, or {@code ""} when there is no build; never anything else (no
   *     {@code javascript:} link can come from the store)
   */
  public static String logUrl(String logUrl, String buildId, String project) {
    if (logUrl != null && WEB.matcher(logUrl).matches()) {
      return logUrl;
    }
    if (buildId == null || buildId.isEmpty()) {
      return "";
    }
    String url = "https://console.cloud.google.com/cloud-build/builds/" + URLEncoder.encode(buildId, StandardCharsets.UTF_8);
    return project == null || project.isEmpty() ? url : url + "?project=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
  }
}
