package com.twosixty.relay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDefinitionsTest {
  private static final Path CLIENTS = Path.of("..", "clients");

  @Test
  void theShippedClientFilesLoadAndDiffer() {
    List<ClientDefinition> clients = ClientDefinitions.loadDirectory(CLIENTS);
    assertEquals(List.of("acme", "essence", "northwind"), clients.stream().map(ClientDefinition::id).toList());

    ClientDefinition essence = clients.get(1);
    assertEquals(ClientDefinition.Approval.AUTOMATIC, essence.approval());
    assertTrue(essence.services().isEmpty() && essence.runs("anything"));

    ClientDefinition northwind = clients.get(2);
    assertEquals(ClientDefinition.Approval.MANUAL, northwind.approval());
    assertEquals(1, northwind.freeze().size());
    assertEquals(ClientDefinition.ChannelPolicy.STABLE, northwind.channel());
    assertEquals(false, northwind.cluster().autopilot());

    ClientDefinition acme = clients.get(0);
    assertEquals(List.of("billing", "portal"), acme.services());
    assertEquals(Map.of("billing", "2026.11.01-0a1b2c3"), acme.pins());
    assertEquals(List.of("us-docker.pkg.dev/acme-tools/sidecars/"), acme.images().allow());
    assertEquals(List.of(), essence.images().allow(), "no images: only the hub's repository");
    assertEquals(List.of("release-manager@northwind.example", "priya.shah@twosixty.example"), northwind.approvers());
    assertEquals(List.of("domain:twosixty.example"), northwind.operators());
    assertEquals(java.util.OptionalInt.of(1), essence.fileWave());
    assertEquals(java.util.OptionalInt.of(2), northwind.fileWave());
    assertEquals(java.util.OptionalInt.empty(), acme.fileWave(), "no wave: the hub's last");
  }

  @Test
  void hubIsNoClientsId() {
    ClientDefinitionException e = assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.parse("hub.yaml",
        "{id: hub, gcp: {project: p, region: r}, cluster: {name: c, location: l}, deploy: {repo: r, trigger: t}}"));
    assertEquals("hub.yaml: field 'id': 'hub' is reserved: the hub's own events (an operator's halt) carry it as their client",
        e.getMessage());
    assertEquals(com.twosixty.relay.rollout.RolloutCoordinator.HUB, ClientDefinitions.RESERVED_ID);
  }

  @Test
  void approversAndOperatorsAreEmailsOrDomains() {
    String base = "{id: globex, gcp: {project: p, region: r}, cluster: {name: c, location: l}, deploy: {repo: r, trigger: t}, ";
    assertEquals(List.of("ada@example.com"),
        ClientDefinitions.parse("x", base + "approvers: [Ada@Example.com]}").approvers());
    assertEquals(List.of(), ClientDefinitions.parse("x", base + "approvers: []}").operators());
    ClientDefinitionException group = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parse("x", base + "operators: [\"group:ops@example.com\"]}"));
    assertTrue(group.getMessage().contains("field 'operators[0]'"), group.getMessage());
    assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.parse("x", base + "approvers: [bob]}"));
  }

  @Test
  void terraformsArrayOfEveryClientLoadsWithUniqueIds() {
    String one = "{\"id\": \"globex\", \"gcp\": {\"project\": \"p\", \"region\": \"r\"}, \"cluster\": {\"name\": \"c\", "
        + "\"location\": \"l\"}, \"deploy\": {\"repo\": \"r\", \"trigger\": \"t\"}}";
    assertEquals(1, ClientDefinitions.parseAll("RELAY_CLIENTS", "[" + one + "]").size());
    assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.parseAll("RELAY_CLIENTS", "[" + one + "," + one + "]"));
    assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.parseAll("RELAY_CLIENTS", one));
  }

  @Test
  void terraformsCompressedArrayLoadsAsThePlainOne() {
    // base64gzip(jsonencode([...])) in Terraform's shape (hashicorp/terraform internal/lang/funcs/encoding.go):
    // Go's gzip header (no name, time 0, OS unknown), the deflate stream flushed before it is closed.
    String fromTerraform = "H4sIAAAAAAAA/yTLQQ7CQAwDwL/4vC/oVxCHkkbRotBEIZWKqv07WTjaHt8u9A0LRO3BJxqEHMsFD3syZS1eZbB02ysERgPp8U6"
        + "Oyfb1xVVTGTVa8690qo1d7TNRsNvv25DRReYViTHuXwAAAP//AwCT0DVbfgAAAA==";
    String json = "[{\"id\":\"globex\",\"gcp\":{\"project\":\"p\",\"region\":\"r\"},\"cluster\":{\"name\":\"c\",\"location\":\"l\"},"
        + "\"deploy\":{\"repo\":\"r\",\"trigger\":\"t\"}}]";
    assertEquals(ClientDefinitions.parseAll("RELAY_CLIENTS", json), ClientDefinitions.parseAll("RELAY_CLIENTS", fromTerraform));
    assertEquals(ClientDefinitions.parseAll("RELAY_CLIENTS", json),
        ClientDefinitions.parseAll("RELAY_CLIENTS", ClientDefinitions.encodeAll(json)), "the local stack's encoding");

    ClientDefinitionException notBase64 = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parseAll("RELAY_CLIENTS", "essence.yaml"));
    assertTrue(notBase64.getMessage().startsWith("RELAY_CLIENTS: neither a JSON array nor one gzip-compressed and Base64-encoded"),
        notBase64.getMessage());
    ClientDefinitionException notGzip = assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.parseAll("RELAY_CLIENTS",
        java.util.Base64.getEncoder().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertTrue(notGzip.getMessage().contains("Not in GZIP format"), notGzip.getMessage());
    ClientDefinitionException inside = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parseAll("RELAY_CLIENTS", ClientDefinitions.encodeAll(json.replace("\"trigger\":\"t\"", "\"x\":1"))));
    assertTrue(inside.getMessage().startsWith("RELAY_CLIENTS[0]: field 'deploy."), "errors inside name the field as before: "
        + inside.getMessage());
  }

  @Test
  void sixtyClientFilesFitCloudRunsVariablesOnlyCompressed() throws Exception {
    // Cloud Run allows a function 32 KiB for all its variables' names and values; release-hub's
    // validation keeps RELAY_CLIENTS under 24 KiB of it.
    List<String> files = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ClientDefinition template = ClientDefinitions.loadDirectory(CLIENTS).get(i % 3);
      files.add(ClientDefinitions.toJson(CLIENTS.resolve(template.id() + ".yaml"))
          .replace(template.id(), "client-" + i)); // its project, cluster and deploy repo too
    }
    String json = "[" + String.join(",", files) + "]";
    String encoded = ClientDefinitions.encodeAll(json);
    assertTrue(json.length() > 32 * 1024, "60 files of this repository's size are " + json.length() + " bytes of JSON");
    assertTrue(encoded.length() < 24 * 1024, "and " + encoded.length() + " encoded");
    assertEquals(60, ClientDefinitions.parseAll("RELAY_CLIENTS", encoded).size());
  }

  @Test
  void jsonFromTerraformLoadsWithTheSameLoader() {
    String json = "{\"id\":\"essence\",\"gcp\":{\"project\":\"p\",\"region\":\"r\"},\"cluster\":{\"name\":\"c\",\"location\":\"l\"},"
        + "\"deploy\":{\"repo\":\"x\",\"trigger\":\"t\"},\"services\":[],\"freeze\":[],\"pins\":{}}";
    ClientDefinition definition = ClientDefinitions.parse("RELAY_CLIENT", json);
    assertEquals("essence", definition.id());
    assertEquals(true, definition.cluster().autopilot(), "autopilot unless the file says otherwise");
    assertEquals(ClientDefinition.ChannelPolicy.BOTH, definition.channel());
    assertEquals(java.util.OptionalInt.empty(), definition.fileWave());
    assertEquals(java.util.OptionalInt.empty(), ClientDefinitions.parse("RELAY_CLIENT", json.replace("{\"id\"", "{\"wave\":null,\"id\"")).fileWave(),
        "Terraform's jsonencode writes an absent optional field as null");
    assertEquals(java.util.OptionalInt.of(2), ClientDefinitions.parse("RELAY_CLIENT", json.replace("{\"id\"", "{\"wave\":2,\"id\"")).fileWave());
    ClientDefinitionException twice = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parse("RELAY_CLIENT", json.replace("{\"id\"", "{\"id\":\"other\",\"id\"")));
    assertTrue(twice.getMessage().startsWith("RELAY_CLIENT: not valid YAML/JSON") && twice.getMessage().contains("duplicate key"),
        twice.getMessage());
    ClientDefinitionException wave = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parse("RELAY_CLIENT", json.replace("{\"id\"", "{\"wave\":1.5,\"id\"")));
    assertEquals("RELAY_CLIENT: field 'wave': must be a whole number from 1 to 20, got '1.5'", wave.getMessage());
  }

  @Test
  void jsonAndYamlOfOneFileGiveTheSameDefinition() {
    for (ClientDefinition fromFile : ClientDefinitions.loadDirectory(CLIENTS)) {
      String json = ClientDefinitions.toJson(CLIENTS.resolve(fromFile.id() + ".yaml"));
      assertEquals(fromFile, ClientDefinitions.parse("RELAY_CLIENT", json), fromFile.id());
      assertEquals(List.of(fromFile), ClientDefinitions.parseAll("RELAY_CLIENTS", "[" + json + "]"), fromFile.id());
    }
    ClientDefinitionException lenient = assertThrows(ClientDefinitionException.class,
        () -> ClientDefinitions.parseAll("RELAY_CLIENTS", "[{id: essence}]"));
    assertEquals("RELAY_CLIENTS: not valid JSON (strict, each key once)", lenient.getMessage());
  }

  @Test
  void errorsNameTheSourceAndTheField(@TempDir Path dir) throws Exception {
    assertError(dir, "essence.yaml", valid().replace("  location: europe-west2\n", ""), "essence.yaml: field 'cluster.location': required field is missing");
    assertError(dir, "essence.yaml", valid().replace("approval: automatic", "approval: sometimes"), "field 'approval': must be one of [automatic, manual]");
    assertError(dir, "essence.yaml", valid().replace("freeze: []", "freeze:\n  - {day: FUNDAY, start: '16:00', duration: PT1H, timeZone: UTC}"), "field 'freeze[0].day'");
    assertError(dir, "essence.yaml", valid().replace("freeze: []", "freeze:\n  - {day: FRIDAY, start: '16:00', duration: PT1H, timeZone: Mars/Olympus}"), "field 'freeze[0].timeZone'");
    assertError(dir, "essence.yaml", valid().replace("autoRollback: true", "autoRollback: maybe"), "field 'autoRollback': must be true or false");
    assertError(dir, "other.yaml", valid(), "field 'id': is 'essence' but the file is named for 'other'");
    assertError(dir, "essence.yaml", "id: [unclosed", "not valid YAML/JSON");
    assertError(dir, "essence.yaml", valid() + "images: {allow: [docker.io]}\n", "field 'images.allow[0]': 'docker.io' is not an image repository prefix");
    assertError(dir, "essence.yaml", valid() + "images: {allow: [gcr.io/x/app:latest]}\n", "field 'images.allow[0]'");
    assertError(dir, "essence.yaml", valid() + "images: {allow: gcr.io/x/}\n", "field 'images.allow': must be a list");
    assertError(dir, "essence.yaml", valid() + "images: [gcr.io/x/]\n", "field 'images': must be a mapping");
    assertError(dir, "essence.yaml", valid().replace("wave: 1 ", "wave: 0 "), "field 'wave': must be a whole number from 1 to 20, got '0'");
    assertError(dir, "essence.yaml", valid().replace("wave: 1 ", "wave: 1.5 "), "field 'wave': must be a whole number from 1 to 20, got '1.5'");
    assertError(dir, "essence.yaml", valid().replace("wave: 1 ", "wave: first "), "field 'wave': must be a whole number from 1 to 20, got 'first'");
  }

  private static void assertError(Path dir, String file, String content, String expected) throws Exception {
    Path path = dir.resolve(file);
    Files.writeString(path, content);
    ClientDefinitionException error = assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.loadFile(path));
    assertTrue(error.getMessage().contains(expected), error.getMessage());
    Files.delete(path);
  }

  private static String valid() throws Exception {
    return Files.readString(CLIENTS.resolve("essence.yaml"));
  }
}
