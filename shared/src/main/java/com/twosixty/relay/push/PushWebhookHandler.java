package com.twosixty.relay.push;

import com.twosixty.relay.build.BuildRunner;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.contract.ServiceSelection;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * push-webhook's decisions, from an HTTP request to an answer: checks in the order that costs an
 * attacker the most and us the least (method, content type, size, signature, then parsing), then
 * the repository (only the monorepo's pushes build: the secret may well be shared with other
 * repositories' webhooks), the branch, the affected services, the delivery log, and the build.
 *
 * <p>A build that could not start because Cloud Build is unavailable answers 503 so the sender
 * retries; one that Cloud Build refused (trigger missing, permission denied) answers 502: the
 * fault is upstream of the sender, and a retry cannot help until someone fixes it. In both cases
 * the delivery's claim is released, so a later redelivery builds.
 */
public final class PushWebhookHandler {
  public static final String GITLAB_EVENT = "X-Gitlab-Event";
  public static final String GITLAB_TOKEN = "X-Gitlab-Token";
  public static final String GITLAB_EVENT_UUID = "X-Gitlab-Event-UUID";
  public static final String GITHUB_EVENT = "X-GitHub-Event";
  public static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  public static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
  /**
   * The pushed branch: a trigger run at a commit gets no BRANCH_NAME from Cloud Build, and
   * release-publisher needs the branch for the channel.
   */
  public static final String BRANCH_SUBSTITUTION = "_BRANCH";

  /**
   * When the pushed commit was made (RFC 3339, UTC), or {@code ""} when the payload does not say:
   * release-publisher carries it into the release's {@code source.commitTime}, where lead time starts.
   */
  public static final String COMMIT_TIME_SUBSTITUTION = "_COMMIT_TIME";

  private static final Pattern DELIVERY_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  /** What the handler needs from its surroundings. */
  public record Config(String hubProject, String monorepoTrigger, MonorepoRepository monorepo, long maxBodyBytes) {
    public Config {
      Objects.requireNonNull(monorepo);
      if (maxBodyBytes <= 0) {
        throw new IllegalArgumentException("the largest webhook body must be at least one byte");
      }
    }
  }

  private final Config config;
  private final WebhookSignatures signatures;
  private final BranchPolicy branches;
  private final AffectedServices affectedServices;
  private final BuildRunner builds;
  private final DeliveryLog deliveries;

  public PushWebhookHandler(Config config, WebhookSignatures signatures, BranchPolicy branches, MonorepoLayout layout,
      BuildRunner builds, DeliveryLog deliveries) {
    this.config = config;
    this.signatures = signatures;
    this.branches = branches;
    this.affectedServices = new AffectedServices(layout);
    this.builds = builds;
    this.deliveries = deliveries;
  }

  public long maxBodyBytes() {
    return config.maxBodyBytes();
  }

  public WebhookAnswer handle(WebhookRequest request) {
    if (!request.method().equals("POST")) {
      return WebhookAnswer.of(WebhookAnswer.METHOD_NOT_ALLOWED, "method " + request.method() + " is not allowed: POST a push event");
    }
    if (!isJson(request.contentType())) {
      return WebhookAnswer.of(WebhookAnswer.UNSUPPORTED_MEDIA_TYPE, "content type '" + request.contentType()
          + "' is not application/json: set the webhook's content type to application/json");
    }
    if (request.contentLength() > config.maxBodyBytes()) {
      if (request.contentLength() <= 2 * config.maxBodyBytes()) {
        BoundedBody.discard(request.body(), request.contentLength());
      }
      return tooLarge();
    }
    byte[] body;
    try {
      Optional<byte[]> read = BoundedBody.read(request.body(), config.maxBodyBytes());
      if (read.isEmpty()) {
        BoundedBody.discard(request.body(), config.maxBodyBytes());
        return tooLarge();
      }
      body = read.get();
    } catch (IOException e) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, "body could not be read: " + e.getMessage());
    }
    boolean gitLab = request.hasHeader(GITLAB_EVENT);
    boolean gitHub = request.hasHeader(GITHUB_EVENT);
    if (gitLab == gitHub) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, gitLab
          ? "both " + GITLAB_EVENT + " and " + GITHUB_EVENT + " are set"
          : "not a GitLab or GitHub webhook: neither " + GITLAB_EVENT + " nor " + GITHUB_EVENT + " is set");
    }
    return gitLab ? gitLab(request, body) : gitHub(request, body);
  }

  private WebhookAnswer gitLab(WebhookRequest request, byte[] body) {
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("provider", GitProvider.GITLAB.wireName());
    if (!request.hasHeader(GITLAB_TOKEN)) {
      return WebhookAnswer.of(WebhookAnswer.UNAUTHORIZED, GITLAB_TOKEN + " is missing").withLogFields(log);
    }
    if (!signatures.gitLabTokenMatches(request.header(GITLAB_TOKEN))) {
      return WebhookAnswer.of(WebhookAnswer.UNAUTHORIZED, GITLAB_TOKEN + " does not match the secret token")
          .withLogFields(log);
    }
    String event = request.header(GITLAB_EVENT);
    String deliveryId = request.header(GITLAB_EVENT_UUID);
    log.put("event", event);
    log.put("deliveryId", deliveryId);
    if (event.equals("Tag Push Hook")) {
      return WebhookAnswer.of(WebhookAnswer.IGNORED, "tag push: only branch pushes build").withLogFields(log);
    }
    if (!event.equals("Push Hook")) {
      return WebhookAnswer.of(WebhookAnswer.IGNORED, "event '" + event + "' is not a push").withLogFields(log);
    }
    if (!deliveryId.isEmpty() && !DELIVERY_ID.matcher(deliveryId).matches()) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, GITLAB_EVENT_UUID + " is not a delivery id").withLogFields(log);
    }
    PushEvent push;
    try {
      push = PushPayloads.gitLab(body, deliveryId);
    } catch (MalformedPayload e) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, "not a GitLab push event: " + e.getMessage()).withLogFields(log);
    }
    return push(push, log);
  }

  private WebhookAnswer gitHub(WebhookRequest request, byte[] body) {
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("provider", GitProvider.GITHUB.wireName());
    if (!request.hasHeader(GITHUB_SIGNATURE)) {
      return WebhookAnswer.of(WebhookAnswer.UNAUTHORIZED, GITHUB_SIGNATURE + " is missing: set the webhook's secret")
          .withLogFields(log);
    }
    if (!signatures.gitHubSignatureMatches(body, request.header(GITHUB_SIGNATURE))) {
      return WebhookAnswer.of(WebhookAnswer.UNAUTHORIZED, GITHUB_SIGNATURE + " does not match the body and secret")
          .withLogFields(log);
    }
    String event = request.header(GITHUB_EVENT);
    String deliveryId = request.header(GITHUB_DELIVERY);
    log.put("event", event);
    log.put("deliveryId", deliveryId);
    if (event.equals("ping")) {
      return WebhookAnswer.of(WebhookAnswer.IGNORED, "ping: the webhook reaches push-webhook and its secret matches")
          .withLogFields(log);
    }
    if (!event.equals("push")) {
      return WebhookAnswer.of(WebhookAnswer.IGNORED, "event '" + event + "' is not a push").withLogFields(log);
    }
    if (!deliveryId.isEmpty() && !DELIVERY_ID.matcher(deliveryId).matches()) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, GITHUB_DELIVERY + " is not a delivery id").withLogFields(log);
    }
    PushEvent push;
    try {
      push = PushPayloads.gitHub(body, deliveryId);
    } catch (MalformedPayload e) {
      return WebhookAnswer.of(WebhookAnswer.MALFORMED, "not a GitHub push event: " + e.getMessage()).withLogFields(log);
    }
    return push(push, log);
  }

  private WebhookAnswer push(PushEvent push, Map<String, Object> log) {
    log.put("repository", push.repository());
    log.put("ref", push.ref());
    log.put("commit", push.after());
    if (!config.monorepo().names(push.repository())) {
      return ignored("push to repository '" + push.repository() + "', not the monorepo '" + config.monorepo()
          + "': only the monorepo's pushes build", log);
    }
    if (push.isTag()) {
      return ignored("tag push: only branch pushes build", log);
    }
    Optional<String> branch = push.branch();
    if (branch.isEmpty()) {
      return ignored("ref '" + push.ref() + "' is not a branch", log);
    }
    if (push.deleted()) {
      return ignored("branch deletion: nothing to build", log);
    }
    if (branches.channelOf(branch.get()).isEmpty()) {
      return ignored("branch '" + branch.get() + "' is neither a release nor a hotfix branch", log);
    }
    AffectedServices.Affected affected = affectedServices.of(push);
    log.put("services", affected.none() ? "" : affected.selection().toSubstitution());
    if (affected.none()) {
      return ignored("no service affected: " + affected.reason(), log);
    }
    DeliveryLog.Delivery delivery = new DeliveryLog.Delivery(push.provider(), push.deliveryId(), branch.get(), push.after());
    DeliveryLog.Claim claim;
    try {
      claim = deliveries.claim(delivery);
    } catch (TransientFailure e) {
      return WebhookAnswer.of(WebhookAnswer.UNAVAILABLE, "cannot record the delivery now, retry later: " + e.getMessage())
          .withLogFields(log);
    } catch (PermanentFailure e) {
      return WebhookAnswer.of(WebhookAnswer.INTERNAL_ERROR, "cannot record the delivery: " + e.getMessage())
          .withLogFields(log);
    }
    if (claim instanceof DeliveryLog.AlreadySeen seen) {
      log.put("earlierBuildId", seen.buildId());
      return ignored("duplicate delivery: " + (seen.buildId().isEmpty()
          ? "an earlier delivery (" + seen.key() + ") is starting the build"
          : "build " + seen.buildId() + " already started for " + seen.key()), log);
    }
    String buildId;
    try {
      buildId = builds.runTrigger(config.hubProject(), config.monorepoTrigger(), push.after(),
          Map.of(ServiceSelection.SUBSTITUTION, affected.selection().toSubstitution(), BRANCH_SUBSTITUTION, branch.get(),
              COMMIT_TIME_SUBSTITUTION, push.commitTime().map(Object::toString).orElse("")));
    } catch (TransientFailure e) {
      releaseQuietly(delivery, log);
      return WebhookAnswer.of(WebhookAnswer.UNAVAILABLE, "Cloud Build is unavailable, retry later: " + e.getMessage())
          .withLogFields(log);
    } catch (PermanentFailure e) {
      releaseQuietly(delivery, log);
      return WebhookAnswer.of(WebhookAnswer.BAD_GATEWAY, "Cloud Build refused the build: " + e.getMessage())
          .withLogFields(log);
    }
    log.put("buildId", buildId);
    try {
      deliveries.recordBuild(delivery, buildId, affected.services());
    } catch (RuntimeException e) {
      // The claim stays in place and still stops duplicates; only the build id is missing from it.
      log.put("deliveryRecordError", e.getMessage());
    }
    return WebhookAnswer.buildStarted(buildId, affected.services(), affected.reason()).withLogFields(log);
  }

  private void releaseQuietly(DeliveryLog.Delivery delivery, Map<String, Object> log) {
    try {
      deliveries.release(delivery);
    } catch (RuntimeException e) {
      // An unreleased claim lapses after the claim lease; the sender's retry builds then.
      log.put("deliveryReleaseError", e.getMessage());
    }
  }

  private static WebhookAnswer ignored(String reason, Map<String, Object> log) {
    return WebhookAnswer.of(WebhookAnswer.IGNORED, reason).withLogFields(log);
  }

  private WebhookAnswer tooLarge() {
    return WebhookAnswer.of(WebhookAnswer.TOO_LARGE, "body is larger than " + config.maxBodyBytes() + " bytes");
  }

  static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }
}
