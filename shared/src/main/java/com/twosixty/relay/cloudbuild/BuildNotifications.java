package com.twosixty.relay.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.pubsub.PubSubMessage;
import java.nio.charset.StandardCharsets;

/**
 * Cloud Build's notifications on the {@code cloud-builds} topic: data is the Build resource as JSON,
 * attributes {@code buildId} and {@code status}. Parsed into google-cloud-build's own {@link Build}.
 */
public final class BuildNotifications {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private BuildNotifications() {}

  public static Build parse(PubSubMessage message) {
    String json = new String(message.data(), StandardCharsets.UTF_8).strip();
    if (json.isEmpty()) {
      throw new ContractViolation("message.data", "empty Cloud Build notification");
    }
    if (!json.startsWith("{")) {
      throw new ContractViolation("message.data", "Cloud Build notification is not a JSON object");
    }
    Build.Builder build = Build.newBuilder();
    try {
      PARSER.merge(json, build);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new ContractViolation("message.data", "not a Cloud Build resource: " + e.getMessage());
    }
    if (build.getId().isEmpty()) {
      String fromAttribute = message.attribute("buildId");
      if (fromAttribute.isEmpty()) {
        throw new ContractViolation("message.data.id", "Cloud Build notification has no build id");
      }
      build.setId(fromAttribute);
    }
    return build.build();
  }

  /** The Build as Cloud Build would publish it (used by the local stand-in and tests). */
  public static String toJson(Build build) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(build);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
