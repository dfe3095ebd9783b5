package com.twosixty.relay.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Pub/Sub attributes of a message, derived from its record: what subscription filters need. */
public final class MessageAttributes {
  private MessageAttributes() {}

  /** The name of the stable id attribute of {@code relay.deployment/v1} events (README, "Contracts"). */
  public static final String EVENT_ID = "eventId";

  public static Map<String, String> of(RelayMessage message) {
    return of(message, "");
  }

  /**
   * @param eventId the event's stable id ({@code pubsub.EventIds}): the same on every re-send of one
   *     event, so a consumer drops a duplicate by it; {@code ""} for messages without one
   */
  public static Map<String, String> of(RelayMessage message, String eventId) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("schema", message.schema());
    if (message instanceof Release r) {
      attributes.put("releaseId", r.releaseId());
      attributes.put("channel", r.channel().wireName());
    } else if (message instanceof DeploymentEvent d) {
      attributes.put("client", d.client());
      attributes.put("releaseId", d.releaseId());
      attributes.put("status", d.status().name());
    } else if (message instanceof Command c) {
      attributes.put("command", c.command().wireName());
      if (!c.client().isEmpty()) {
        // A rollout's command has no client: no attribute, so the hub's subscription takes exactly
        // those (NOT attributes:client) and the clients' (attributes.client = "<id>") never see them.
        attributes.put("client", c.client());
      }
      attributes.put("releaseId", c.releaseId());
    }
    if (!eventId.isEmpty()) {
      attributes.put(EVENT_ID, eventId);
    }
    return Map.copyOf(attributes);
  }
}
