package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractCodecTest {

  @Test
  void encodingThenDecodingIsTheIdentityForEveryContract() {
    for (RelayMessage message : new RelayMessage[] {
        ContractFixtures.release(), ContractFixtures.deployment(), ContractFixtures.command()}) {
      assertEquals(message, ContractCodec.decode(ContractCodec.encode(message)));
    }
  }

  @Test
  void bodyCarriesTheSchemaFirstAndEveryField() {
    JsonObject json = JsonParser.parseString(ContractCodec.toJson(ContractFixtures.release())).getAsJsonObject();
    assertEquals("relay.release/v1", json.get("schema").getAsString());
    assertEquals(1_764_000_000_000L, json.get("sequence").getAsLong());
    assertEquals("stable", json.get("channel").getAsString());
    assertEquals("main", json.getAsJsonObject("source").get("branch").getAsString());
    assertEquals(2, json.getAsJsonArray("services").size());
  }

  @Test
  void aReleaseMayCarryItsCommitTimeAndOneWithoutItStaysValid() {
    Release old = ContractFixtures.release();
    Release timed = new Release(old.releaseId(), old.sequence(), new Release.Source(old.source().repo(),
        old.source().branch(), old.source().commit(), old.source().buildId(), "2026-11-24T10:07:12Z"),
        old.createdAt(), old.channel(), old.services());

    assertEquals(timed, ContractCodec.decode(ContractCodec.encode(timed)));
    assertEquals("2026-11-24T10:07:12Z",
        JsonParser.parseString(ContractCodec.toJson(timed)).getAsJsonObject().getAsJsonObject("source").get("commitTime").getAsString());
    assertTrue(ContractCodec.toJson(old).contains("\"commitTime\":\"\""), "unknown: empty");
    String beforeTheField = ContractCodec.toJson(old).replace(",\"commitTime\":\"\"", "");
    assertFalse(beforeTheField.contains("commitTime"));
    assertEquals("", ContractCodec.decodeRelease(beforeTheField.getBytes(StandardCharsets.UTF_8)).source().commitTime(),
        "a release stored before the field existed still reads");
    assertThrows(ContractViolation.class, () -> ContractCodec.decode(
        ContractCodec.toJson(timed).replace("2026-11-24T10:07:12Z", "soon").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void attributesAreDerivedFromTheRecord() {
    assertEquals(Map.of("schema", "relay.release/v1", "releaseId", "2026.11.24-1a2b3c4", "channel", "stable"),
        MessageAttributes.of(ContractFixtures.release()));
    assertEquals(Map.of("schema", "relay.command/v1", "command", "approve", "client", "northwind",
        "releaseId", "2026.11.24-1a2b3c4"), MessageAttributes.of(ContractFixtures.command()));
    assertEquals("TRIGGERED", MessageAttributes.of(ContractFixtures.deployment()).get("status"));
  }

  static Stream<Arguments> brokenReleases() {
    return Stream.of(
        broken("unknown schema", j -> j.addProperty("schema", "relay.release/v9"), "schema", "unknown schema"),
        broken("missing releaseId", j -> j.remove("releaseId"), "releaseId", "required field is missing"),
        broken("missing nested source.commit", j -> j.getAsJsonObject("source").remove("commit"), "source.commit",
            "required field is missing"),
        broken("bad digest", j -> service(j, 1).addProperty("digest", "sha256:XYZ"), "services[1].digest",
            "64 lowercase hex"),
        broken("digest without algorithm", j -> service(j, 0).addProperty("digest", "a".repeat(64)),
            "services[0].digest", "sha256:"),
        broken("empty service list", j -> j.add("services", new JsonArray()), "services", "at least one service"),
        broken("sequence as string", j -> j.addProperty("sequence", "12"), "sequence", "whole number"),
        broken("sequence fractional", j -> j.addProperty("sequence", 1.5), "sequence", "whole number"),
        broken("createdAt not RFC 3339", j -> j.addProperty("createdAt", "yesterday"), "createdAt", "RFC 3339"),
        broken("unknown channel", j -> j.addProperty("channel", "beta"), "channel", "'stable' or 'hotfix'"),
        broken("service twice", j -> service(j, 1).addProperty("name", "billing"), "services[1].name", "twice"),
        broken("services not an array", j -> j.addProperty("services", "billing"), "services", "must be an array"),
        broken("tag as number", j -> service(j, 0).addProperty("tag", 7), "services[0].tag", "must be a string"),
        broken("releaseId with slash", j -> j.addProperty("releaseId", "a/b"), "releaseId", "letters, digits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenReleases")
  void decodingNamesTheFieldAndWhy(String name, byte[] body, String field, String why) {
    ContractViolation violation = assertThrows(ContractViolation.class, () -> ContractCodec.decodeRelease(body));
    assertEquals(field, violation.field());
    assertTrue(violation.getMessage().contains(why), violation.getMessage());
  }

  @Test
  void oversizedPayloadIsRefusedBeforeParsing() {
    byte[] huge = new byte[ContractCodec.MAX_PAYLOAD_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    ContractViolation violation = assertThrows(ContractViolation.class, () -> ContractCodec.decode(huge));
    assertTrue(violation.getMessage().contains("exceeds the limit"), violation.getMessage());
  }

  @Test
  void notJsonDeepNestingAndTrailingGarbageAreViolationsNotCrashes() {
    for (String body : new String[] {"", "not json", "[1,2]", "{\"schema\":", "{} {}", "[".repeat(100_000),
        "{\"a\":".repeat(10_000)}) {
      assertThrows(ContractViolation.class, () -> ContractCodec.decode(body.getBytes(StandardCharsets.UTF_8)), body);
    }
  }

  @Test
  void commandsAndDeploymentsAreValidatedToo() {
    JsonObject command = JsonParser.parseString(ContractCodec.toJson(ContractFixtures.command())).getAsJsonObject();
    command.addProperty("command", "explode");
    ContractViolation unknown = assertThrows(ContractViolation.class,
        () -> ContractCodec.decodeCommand(command.toString().getBytes(StandardCharsets.UTF_8)));
    assertEquals("command", unknown.field());

    JsonObject deployment = JsonParser.parseString(ContractCodec.toJson(ContractFixtures.deployment())).getAsJsonObject();
    deployment.addProperty("status", "MAYBE");
    assertEquals("status", assertThrows(ContractViolation.class,
        () -> ContractCodec.decodeDeployment(deployment.toString().getBytes(StandardCharsets.UTF_8))).field());
  }

  @Test
  void askingForOneContractAndGettingAnotherIsAViolation() {
    byte[] command = ContractCodec.encode(ContractFixtures.command());
    ContractViolation violation = assertThrows(ContractViolation.class, () -> ContractCodec.decodeRelease(command));
    assertEquals("schema", violation.field());
  }

  private static Arguments broken(String name, Consumer<JsonObject> breakIt, String field, String why) {
    JsonObject json = JsonParser.parseString(ContractCodec.toJson(ContractFixtures.release())).getAsJsonObject();
    breakIt.accept(json);
    return Arguments.of(name, json.toString().getBytes(StandardCharsets.UTF_8), field, why);
  }

  private static JsonObject service(JsonObject release, int index) {
    return release.getAsJsonArray("services").get(index).getAsJsonObject();
  }
}
