package com.twosixty.relay.build;

import java.util.Map;

/**
 * Port: runs a Cloud Build trigger. Throws {@link com.twosixty.relay.failure.TransientFailure} when
 * a retry may succeed and {@link com.twosixty.relay.failure.PermanentFailure} when it cannot.
 */
public interface BuildRunner {

  /**
   * @param project the project that owns the trigger
   * @param trigger trigger id, name, or full resource name
   *     ({@code projects/P/locations/L/triggers/T})
   * @param commitSha the commit to build, "" for the trigger's own branch head
   * @param substitutions user substitutions ({@code _UPPER_CASE})
   * @return the id of the build started
   */
  String runTrigger(String project, String trigger, String commitSha, Map<String, String> substitutions);

  /**
   * A recent build of the trigger whose substitution {@code key} is {@code value}: how a caller that
   * took over an interrupted deployment finds out whether the build was already started. A runner
   * that cannot list builds finds none.
   */
  default java.util.Optional<String> findRecentBuild(String project, String trigger, String key, String value) {
    return java.util.Optional.empty();
  }

  /**
   * Cancels a build (Cloud Build's CancelBuild): how a newer deployment supersedes an older one still
   * running. A build that already finished, or is gone, is left as it is. A runner that cannot
   * cancel refuses permanently.
   */
  default void cancel(String project, String buildId) {
    throw new com.twosixty.relay.failure.PermanentFailure("this build runner cannot cancel build " + buildId);
  }

  /**
   * Cancels a build of {@code trigger}: a regional trigger's ({@code projects/P/locations/L/triggers/T},
   * a deploy repo on a Cloud Build 2nd-gen connection) builds live in its region, and Cloud Build finds
   * them only there. By default the same as {@link #cancel(String, String)}.
   */
  default void cancel(String project, String trigger, String buildId) {
    cancel(project, buildId);
  }
}
