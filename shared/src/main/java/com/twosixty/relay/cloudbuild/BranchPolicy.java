package com.twosixty.relay.cloudbuild;

import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.Channel;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which branches release, and on which channel. Shared by push-webhook and release-publisher. */
public record BranchPolicy(Pattern releaseBranches, Pattern hotfixBranches) {

  public static BranchPolicy from(Settings settings) {
    return new BranchPolicy(
        compile(settings, Setting.RELAY_RELEASE_BRANCHES),
        compile(settings, Setting.RELAY_HOTFIX_BRANCHES));
  }

  public static BranchPolicy defaults() {
    return new BranchPolicy(
        Pattern.compile(Setting.RELAY_RELEASE_BRANCHES.defaultValue()),
        Pattern.compile(Setting.RELAY_HOTFIX_BRANCHES.defaultValue()));
  }

  /** The channel a branch releases on, or empty when it does not release. */
  public Optional<Channel> channelOf(String branch) {
    if (releaseBranches.matcher(branch).matches()) {
      return Optional.of(Channel.STABLE);
    }
    if (hotfixBranches.matcher(branch).matches()) {
      return Optional.of(Channel.HOTFIX);
    }
    return Optional.empty();
  }

  private static Pattern compile(Settings settings, Setting setting) {
    try {
      return Pattern.compile(settings.get(setting));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalStateException(setting.name() + " is not a valid regular expression: " + e.getDescription());
    }
  }
}
