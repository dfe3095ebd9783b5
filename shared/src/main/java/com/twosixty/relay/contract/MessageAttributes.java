package com.twosixty.relay.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Pub/Sub attributes of a message, derived from its record: what subscription filters need. */
public final class MessageAttributes {
  private MessageAttributes() {}

  public static Map<String, String> of(RelayMessage message) {
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
      attributes.put("client", c.client());
      attributes.put("releaseId", c.releaseId());
    }
    return Map.copyOf(attributes);
  }
}
