package com.twosixty.relay.local;

import com.twosixty.relay.push.MonorepoLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monorepo the local stack builds and the CLI pushes to: its repository name and release
 * branch (the monorepo trigger's and the push events'), and its layout, which push-webhook reads
 * as RELAY_SERVICES / RELAY_SHARED_PATHS and the Cloud Build stand-in builds for {@code _SERVICES=all}.
 */
public final class LocalMonorepo {
  public static final String REPO_NAME = "monorepo";
  /** The repository's path as the CLI's GitLab pushes name it ({@code project.path_with_namespace}): RELAY_MONOREPO_REPOSITORY. */
  public static final String REPOSITORY = "twosixty/" + REPO_NAME;
  public static final String RELEASE_BRANCH = "main";

  private LocalMonorepo() {}

  public static MonorepoLayout layout() {
    Map<String, String> folders = new LinkedHashMap<>();
    folders.put("billing", "billing/");
    folders.put("portal", "portal/");
    folders.put("reports", "reports/");
    return new MonorepoLayout(folders, List.of("shared/", "pom.xml", "cloudbuild.yaml"));
  }
}
