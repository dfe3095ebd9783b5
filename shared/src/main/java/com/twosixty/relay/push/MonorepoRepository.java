package com.twosixty.relay.push;

import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import java.util.regex.Pattern;

/**
 * The monorepo as its provider names it in a push ({@code RELAY_MONOREPO_REPOSITORY}): GitLab's
 * {@code project.path_with_namespace} ({@code group/subgroup/name}), GitHub's
 * {@code repository.full_name} ({@code owner/name}). Both providers route these paths without
 * regard to case, so a push matches whatever case it spells them in.
 */
public record MonorepoRepository(String path) {
  /** Two or more segments of letters, digits, {@code . _ -}: what both providers allow in a path. */
  private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$");

  public MonorepoRepository {
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(Setting.RELAY_MONOREPO_REPOSITORY.name() + " '" + path
          + "' is not a repository path such as twosixty/relay-monorepo (the URL's path, without .git)");
    }
    if (path.endsWith(".git")) {
      throw new IllegalArgumentException(Setting.RELAY_MONOREPO_REPOSITORY.name() + " '" + path
          + "' ends in .git: give the repository's path, not its clone URL's");
    }
  }

  public static MonorepoRepository from(Settings settings) {
    try {
      return new MonorepoRepository(settings.require(Setting.RELAY_MONOREPO_REPOSITORY));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  /** True when a push's repository (as the provider named it) is the monorepo. */
  public boolean names(String repository) {
    return path.equalsIgnoreCase(repository);
  }

  @Override
  public String toString() {
    return path;
  }
}
