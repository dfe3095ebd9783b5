package com.twosixty.relay.push;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One push, as GitLab's and GitHub's push webhooks describe it, reduced to what decides a build.
 *
 * @param deliveryId the provider's id of this delivery ({@code X-GitHub-Delivery},
 *     {@code X-Gitlab-Event-UUID}); "" when the sender did not send one
 * @param repository the repository pushed to, as the provider names it: GitLab's
 *     {@code project.path_with_namespace}, GitHub's {@code repository.full_name} ({@code group/name})
 * @param ref the full ref, {@code refs/heads/main} or {@code refs/tags/v1}
 * @param before the commit the ref pointed at before the push (all zeros for a new ref)
 * @param after the commit the ref points at now (all zeros for a deleted ref)
 * @param created the push created the ref
 * @param deleted the push deleted the ref
 * @param forced the push rewrote history (GitHub says so; GitLab does not tell)
 * @param commits the commits the payload lists, each with the paths it touched
 * @param totalCommits how many commits the push has in all when the provider says so (GitLab's
 *     {@code total_commits_count}), otherwise the number listed
 * @param commitListCapped the provider may have left commits or paths out (a documented limit was reached)
 */
public record PushEvent(
    GitProvider provider,
    String deliveryId,
    String repository,
    String ref,
    String before,
    String after,
    boolean created,
    boolean deleted,
    boolean forced,
    List<Commit> commits,
    int totalCommits,
    boolean commitListCapped) {

  public static final String BRANCH_PREFIX = "refs/heads/";
  public static final String TAG_PREFIX = "refs/tags/";

  public PushEvent {
    Objects.requireNonNull(provider);
    Objects.requireNonNull(deliveryId);
    Objects.requireNonNull(repository);
    Objects.requireNonNull(ref);
    Objects.requireNonNull(before);
    Objects.requireNonNull(after);
    commits = List.copyOf(commits);
  }

  /**
   * One commit and the paths it added, modified and removed (a rename is a removal plus an addition).
   *
   * @param timestamp the commit's time as the provider sent it (ISO 8601 with offset), {@code ""} when absent
   */
  public record Commit(String id, List<String> added, List<String> modified, List<String> removed, String timestamp) {
    public Commit {
      Objects.requireNonNull(id);
      added = List.copyOf(added);
      modified = List.copyOf(modified);
      removed = List.copyOf(removed);
      timestamp = timestamp == null ? "" : timestamp;
    }

    public Commit(String id, List<String> added, List<String> modified, List<String> removed) {
      this(id, added, modified, removed, "");
    }
  }

  /**
   * When the pushed commit ({@link #after}) was made, as an instant: from the listed commit with that
   * id, empty when the payload does not list it or its timestamp does not parse. Lead time for
   * changes starts here.
   */
  public Optional<java.time.Instant> commitTime() {
    return commits.stream().filter(c -> c.id().equals(after)).findFirst()
        .flatMap(c -> {
          try {
            return Optional.of(java.time.OffsetDateTime.parse(c.timestamp()).toInstant());
          } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
          }
        });
  }

  /** The branch pushed to, or empty for a tag or another kind of ref. */
  public Optional<String> branch() {
    return ref.startsWith(BRANCH_PREFIX) && ref.length() > BRANCH_PREFIX.length()
        ? Optional.of(ref.substring(BRANCH_PREFIX.length()))
        : Optional.empty();
  }

  public boolean isTag() {
    return ref.startsWith(TAG_PREFIX);
  }

  /** True for git's null object id, which the providers send for a missing side of a push. */
  public static boolean isNullCommit(String sha) {
    return !sha.isEmpty() && sha.chars().allMatch(c -> c == '0');
  }
}
