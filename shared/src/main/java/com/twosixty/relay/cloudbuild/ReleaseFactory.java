package com.twosixty.relay.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.contract.ServiceSelection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns a successful monorepo build into a {@link Release}, or says why it does not release. */
public final class ReleaseFactory {
  private static final DateTimeFormatter RELEASE_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
  private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

  private final String monorepoTrigger;
  private final BranchPolicy branches;

  /** @param monorepoTrigger the monorepo trigger's id or name */
  public ReleaseFactory(String monorepoTrigger, BranchPolicy branches) {
    this.monorepoTrigger = monorepoTrigger;
    this.branches = branches;
  }

  /** What to do with one notification. */
  public sealed interface Outcome permits Publish, Ignore {}

  public record Publish(Release release) implements Outcome {}

  public record Ignore(String reason) implements Outcome {}

  public Outcome fromBuild(Build build) {
    if (build.getStatus() != Build.Status.SUCCESS) {
      return new Ignore("build status is " + build.getStatus() + ", not SUCCESS");
    }
    String triggerName = build.getSubstitutionsOrDefault("TRIGGER_NAME", "");
    if (!monorepoTrigger.equals(build.getBuildTriggerId()) && !monorepoTrigger.equals(triggerName)) {
      return new Ignore("build of trigger '" + firstNonEmpty(build.getBuildTriggerId(), triggerName, "none")
          + "', not the monorepo trigger '" + monorepoTrigger + "'");
    }
    // A trigger run at a commit (as push-webhook runs it) has no BRANCH_NAME; push-webhook passes _BRANCH.
    String branch = build.getSubstitutionsOrDefault("BRANCH_NAME", "");
    if (branch.isEmpty()) {
      branch = build.getSubstitutionsOrDefault("_BRANCH", "");
    }
    Optional<Channel> channel = branches.channelOf(branch);
    if (channel.isEmpty()) {
      return new Ignore(branch.isEmpty()
          ? "build has no BRANCH_NAME (nor _BRANCH) substitution"
          : "branch '" + branch + "' is neither a release nor a hotfix branch");
    }
    String commit = build.getSubstitutionsOrDefault("COMMIT_SHA", "");
    if (commit.length() < 7) {
      return new Ignore("build has no COMMIT_SHA substitution");
    }
    if (!build.hasFinishTime()) {
      return new Ignore("successful build has no finishTime");
    }
    // The monorepo build re-pushes unchanged services (Cloud Build's images: list is static); the
    // release lists only what this build produced, which _SERVICES names.
    ServiceSelection built = ServiceSelection.of(build.getSubstitutionsMap());
    List<Release.ServiceImage> services = new ArrayList<>();
    for (Release.ServiceImage image : images(build).values()) {
      if (built.includes(image.name())) {
        services.add(image);
      }
    }
    if (services.isEmpty()) {
      return new Ignore("build pushed no images with digests" + (built.everyService() ? "" : " for " + built.toSubstitution()));
    }
    Instant finished = toInstant(build.getFinishTime());
    String releaseId = RELEASE_DATE.format(finished) + "-" + commit.substring(0, 7);
    return new Publish(new Release(
        releaseId,
        finished.toEpochMilli(),
        new Release.Source(build.getSubstitutionsOrDefault("REPO_NAME", ""), branch, commit, build.getId(),
            commitTime(build)),
        finished.toString(),
        channel.get(),
        services));
  }

  /** Images by service name; an image listed twice (two tags) counts once. */
  private static Map<String, Release.ServiceImage> images(Build build) {
    Map<String, Release.ServiceImage> byService = new LinkedHashMap<>();
    for (BuiltImage built : build.getResults().getImagesList()) {
      if (!DIGEST.matcher(built.getDigest()).matches()) {
        continue;
      }
      String name = built.getName();
      String withoutDigest = ImageRef.withoutDigest(name);
      int lastSlash = withoutDigest.lastIndexOf('/');
      int colon = withoutDigest.indexOf(':', lastSlash + 1);
      String image = colon < 0 ? withoutDigest : withoutDigest.substring(0, colon);
      String tag = colon < 0 ? "" : withoutDigest.substring(colon + 1);
      String service = image.substring(image.lastIndexOf('/') + 1);
      byService.putIfAbsent(service, new Release.ServiceImage(service, image, built.getDigest(), tag));
    }
    return byService;
  }

  /** push-webhook's {@code _COMMIT_TIME}, normalised; {@code ""} when absent or not a timestamp (no lead time then). */
  private static String commitTime(Build build) {
    String value = build.getSubstitutionsOrDefault("_COMMIT_TIME", "");
    try {
      return value.isEmpty() ? "" : java.time.OffsetDateTime.parse(value).toInstant().toString();
    } catch (java.time.format.DateTimeParseException e) {
      return "";
    }
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }
}
