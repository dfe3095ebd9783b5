package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.ProjectName;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaName;
import com.google.pubsub.v1.SchemaSettings;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.testing.PubSubEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Avro schemas in shared/ are what Terraform binds to the topics: the emulator enforces them the same way. */
class TopicSchemaIT {
  private static final String PROJECT = "relay-schema-test";
  private static PubSubEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = PubSubEmulator.start(Path.of("target", "processes"));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void releasesTopicAcceptsAValidReleaseAndRefusesAWrongOne() throws IOException {
    TopicName topic = schemaBoundTopic("releases", "relay-release-v1", "/schemas/relay.release.v1.avsc");

    assertFalse(publish(topic, ContractCodec.toJson(ContractFixtures.release())).isEmpty());

    Release timed = ContractFixtures.release();
    timed = new Release(timed.releaseId(), timed.sequence(), new Release.Source(timed.source().repo(),
        timed.source().branch(), timed.source().commit(), timed.source().buildId(), "2026-11-24T10:07:12Z"),
        timed.createdAt(), timed.channel(), timed.services());
    assertFalse(publish(topic, ContractCodec.toJson(timed)).isEmpty(), "a release with its commit time");

    String missingServices = ContractCodec.toJson(ContractFixtures.release()).replaceFirst(",\"services\":\\[.*]", "");
    assertRefused(topic, missingServices);
    assertRefused(topic, ContractCodec.toJson(ContractFixtures.release()).replace("\"stable\"", "\"beta\""));
    assertRefused(topic, "{\"schema\":\"relay.release/v1\",\"sequence\":\"not a number\"}");
  }

  @Test
  void commandsTopicAcceptsAValidCommandAndRefusesAnUnknownOne() throws IOException {
    TopicName topic = schemaBoundTopic("release-commands", "relay-command-v1", "/schemas/relay.command.v1.avsc");

    assertFalse(publish(topic, ContractCodec.toJson(ContractFixtures.command())).isEmpty());
    assertRefused(topic, ContractCodec.toJson(ContractFixtures.command()).replace("\"approve\"", "\"explode\""));
  }

  private static TopicName schemaBoundTopic(String topicId, String schemaId, String resource) throws IOException {
    String definition;
    try (InputStream in = TopicSchemaIT.class.getResourceAsStream(resource)) {
      definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (SchemaServiceClient schemas = emulator.schemaService(); TopicAdminClient topics = emulator.topicAdmin()) {
      schemas.createSchema(ProjectName.of(PROJECT),
          Schema.newBuilder().setType(Schema.Type.AVRO).setDefinition(definition).build(), schemaId);
      TopicName topic = TopicName.of(PROJECT, topicId);
      topics.createTopic(Topic.newBuilder().setName(topic.toString())
          .setSchemaSettings(SchemaSettings.newBuilder()
              .setSchema(SchemaName.of(PROJECT, schemaId).toString())
              .setEncoding(Encoding.JSON))
          .build());
      return topic;
    }
  }

  private static String publish(TopicName topic, String json) {
    try (TopicAdminClient topics = emulator.topicAdmin()) {
      return topics.publish(PublishRequest.newBuilder().setTopic(topic.toString())
          .addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(json))).build()).getMessageIds(0);
    }
  }

  private static void assertRefused(TopicName topic, String json) {
    ApiException refused = assertThrows(ApiException.class, () -> publish(topic, json), json);
    assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused.getStatusCode().getCode(), refused.getMessage());
  }
}
