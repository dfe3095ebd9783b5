package com.twosixty.relay.pubsub;

import com.twosixty.relay.contract.DeploymentStatus;

/**
 * The {@code eventId} attribute of every {@code relay.deployment/v1} event: derived from what the
 * event announces, never random, so that a re-send, by the same delivery, a redelivery or another
 * instance, carries the same id and a consumer drops it as a duplicate. Ids are unique per client
 * across all kinds; {@code ~} separates the parts and {@code /} never occurs (they are also
 * Firestore document ids).
 */
public final class EventIds {
  private EventIds() {}

  /** A state change a transaction made, at the time it stored ({@code updatedAt} of the document it changed). */
  public static String stateChange(String client, String deploymentId, DeploymentStatus status, String at) {
    return join(client, deploymentId, status.name(), at);
  }

  /** A deploy build's step: TRIGGERED by client-deployer, STARTED, SUCCEEDED, FAILED by deploy-reporter. */
  public static String build(String client, String deploymentId, DeploymentStatus status, String buildId) {
    return join(client, deploymentId, status.name(), buildId);
  }

  /** The answer to one command message (a refusal, a reject, a pin, a freeze): one per Pub/Sub message id. */
  public static String command(String client, String messageId) {
    return join(client, "command", messageId);
  }

  /** A release this client refused to store or plan (images not allowed): one per release. */
  /** A release's rollout halted (the hub's one announcement of it): {@code {client}~{releaseId}~HALTED~{halt's at}}. */
  public static String rolloutHalted(String client, String releaseId, String at) {
    return String.join("~", client, releaseId, "HALTED", at);
  }

  public static String refusedRelease(String client, String releaseId) {
    return join(client, releaseId, "refused");
  }

  private static String join(String... parts) {
    return String.join("~", parts).replace('/', '_');
  }
}
