package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Terraform in this repository passes every check. */
class TerraformTreeTest {
  static final Path TERRAFORM = Repo.terraform();

  static TerraformModule module(String relative) {
    return TerraformModule.load(TERRAFORM.resolve(relative), relative);
  }

  static TerraformModule hub() {
    return module("modules/release-hub");
  }

  /** The client environment as production instantiates it, so var.hub.* follows to the hub's outputs. */
  static TerraformModule client() {
    return production().called("client");
  }

  static TerraformModule production() {
    return module("environments/production");
  }

  static TerraformModule loadAbsolute(Path dir) {
    return TerraformModule.load(dir, TERRAFORM.relativize(dir).toString());
  }

  static void assertNoProblems(List<String> problems) {
    assertTrue(problems.isEmpty(), () -> "\n" + String.join("\n", problems));
  }

  @Test
  void everyTfFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(TERRAFORM)) {
      files = walk.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
    }
    assertTrue(files.size() >= 12, "expected the modules' and environment's .tf files, found " + files);
    for (Path file : files) {
      HclTree.Body parsed = TerraformModule.parse(file, TERRAFORM.relativize(file.getParent()).toString());
      assertTrue(!parsed.blocks().isEmpty(), file + " parsed to nothing");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"modules/relay-function", "modules/gitlab-repository", "modules/github-repository",
      "modules/github-deploy-repo", "modules/gitlab-deploy-repo",
      "modules/release-hub", "modules/client-environment", "environments/production"})
  void variablesAreDeclaredTypedAndDescribed(String dir) {
    assertNoProblems(TerraformChecks.variables(module(dir)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"modules/relay-function", "modules/gitlab-repository", "modules/github-repository",
      "modules/github-deploy-repo", "modules/gitlab-deploy-repo",
      "modules/release-hub", "modules/client-environment"})
  void modulesHaveTheStandardLayout(String dir) {
    for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
      assertTrue(Files.isRegularFile(TERRAFORM.resolve(dir).resolve(file)), dir + " has no " + file);
    }
    assertNoProblems(TerraformChecks.providerPins(module(dir)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"environments/production"})
  void environmentsPinEveryProviderTheyUse(String dir) {
    assertNoProblems(TerraformChecks.providerPins(module(dir)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"modules/relay-function", "modules/gitlab-repository", "modules/github-repository",
      "modules/github-deploy-repo", "modules/gitlab-deploy-repo",
      "modules/release-hub", "modules/client-environment", "environments/production"})
  void readmeInputsTablesMatchVariablesTf(String dir) {
    TerraformModule m = module(dir);
    assertNoProblems(TerraformChecks.readmeInputs(m, Repo.read(m.dir().resolve("README.md"))));
  }

  @Test
  void moduleCallsPassDeclaredAndRequiredInputs() {
    TerraformModule production = production();
    assertEquals(Set.of("hub", "client", "deploy_repo", "gitlab_deploy_repo"), production.moduleCalls().keySet());
    assertNoProblems(TerraformChecks.moduleCalls(production, TerraformTreeTest::loadAbsolute));
  }

  @Test
  void functionsAreWrittenOnceInRelayFunction() {
    for (TerraformModule m : List.of(hub(), client())) {
      assertEquals(List.of(), m.resources().getOrDefault("google_cloudfunctions2_function", Map.of()).keySet().stream().toList(),
          m.label() + " writes a function itself instead of calling modules/relay-function");
      assertNoProblems(TerraformChecks.moduleCalls(m, TerraformTreeTest::loadAbsolute));
      for (TerraformModule.Call call : m.calls().values()) {
        String source = ModuleInliner.literal(call.block().body().attribute("source").expression());
        assertTrue(List.of("../relay-function", "../gitlab-repository", "../github-repository").contains(source), call.name() + " calls " + source);
      }
    }
    assertEquals(1, module("modules/relay-function").resourcesOfType("google_cloudfunctions2_function").size());
  }

  @Test
  void connectionsAreWrittenOnceInTheirModules() {
    // Each call of a connection module, with the module it must call.
    record Connection(TerraformModule caller, String call, String source) {}
    List<Connection> connections = List.of(
        new Connection(hub(), "monorepo_gitlab", "../gitlab-repository"),
        new Connection(client(), "deploy_gitlab", "../gitlab-repository"),
        new Connection(client(), "deploy_github", "../github-repository"));
    for (TerraformModule m : List.of(hub(), client())) {
      for (String type : List.of("google_cloudbuildv2_connection", "google_cloudbuildv2_repository")) {
        assertEquals(List.of(), m.resources().getOrDefault(type, Map.of()).keySet().stream().toList(),
            m.label() + " writes a " + type + " itself instead of calling modules/gitlab-repository or modules/github-repository");
      }
      m.resourcesOfType("google_secret_manager_secret_iam_member").stream().filter(r -> r.module() == null).forEach(r ->
          assertTrue(!String.valueOf(r.body().get("member")).contains("cloudbuild"), r.address() + " grants Cloud Build's agent outside the connection modules"));
    }
    for (Connection c : connections) {
      for (String type : List.of("google_cloudbuildv2_connection", "google_cloudbuildv2_repository", "google_secret_manager_secret_iam_member")) {
        // ModuleInliner follows the call, so the checks (roles, schema) see what it creates.
        List<String> created = c.caller().resourcesOfType(type).stream()
            .filter(r -> r.module() != null && r.address().startsWith("module." + c.call() + "."))
            .map(TerraformModule.Resource::address).toList();
        assertEquals(1, created.size(), c.caller().label() + " through " + c.call() + ": " + created);
        assertTrue(created.get(0).startsWith("module." + c.call() + "." + type + "."), c.caller().label() + ": " + created);
      }
      assertEquals(c.source(), ModuleInliner.literal(c.caller().calls().get(c.call()).block().body().attribute("source").expression()));
    }
  }

  @Test
  void functionsAreTheJavaFunctionsWithTheirSettings() {
    List<String> problems = new ArrayList<>();
    problems.addAll(TerraformChecks.functions(hub()));
    problems.addAll(TerraformChecks.functions(client()));
    assertNoProblems(problems);
  }

  @Test
  void eachFunctionIsWiredAsTheLocalStackDeliversToIt() {
    List<String> problems = new ArrayList<>();
    problems.addAll(TerraformChecks.wiring(hub()));
    problems.addAll(TerraformChecks.wiring(client()));
    assertNoProblems(problems);
  }

  @Test
  void everyRelayFunctionIsDeployedOnce() {
    List<RelayFunction> deployed = new ArrayList<>();
    for (TerraformModule m : List.of(hub(), client())) {
      m.resourcesOfType("google_cloudfunctions2_function").forEach(f -> deployed.add(TerraformChecks.relayFunction(f)));
    }
    assertEquals(Arrays.stream(RelayFunction.values()).sorted().toList(), deployed.stream().sorted().toList());
  }

  @Test
  void topicNamesAreTheJavaDefaults() {
    List<String> problems = new ArrayList<>();
    problems.addAll(TerraformChecks.topics(hub()));
    problems.addAll(TerraformChecks.topics(client()));
    problems.addAll(TerraformChecks.declaresTopics(hub(), Set.of(
        Setting.RELAY_RELEASES_TOPIC.defaultValue(), Setting.RELAY_RELEASE_COMMANDS_TOPIC.defaultValue(),
        Setting.RELAY_DEPLOYMENTS_TOPIC.defaultValue(), "cloud-builds")));
    assertNoProblems(problems);
  }

  @Test
  void rolesAreWithinTheAllowList() {
    List<String> problems = new ArrayList<>();
    problems.addAll(TerraformChecks.roles(hub(), AllowList.roles()));
    problems.addAll(TerraformChecks.roles(client(), AllowList.roles()));
    assertNoProblems(problems);
  }

  @Test
  void onlyTheCommandGatewayAndListedToolsPublishCommands() {
    List<String> problems = new ArrayList<>();
    problems.addAll(TerraformChecks.commandPublishers(hub()));
    problems.addAll(TerraformChecks.commandPublishers(client()));
    assertNoProblems(problems);
  }

  @Test
  void clientVariableCarriesEveryClientDefinitionField() {
    TerraformModule client = client();
    List<String> fields = Arrays.stream(ClientDefinition.class.getRecordComponents()).map(c -> c.getName()).toList();
    assertNoProblems(TerraformChecks.clientVariableCovers(client, fields));
  }

  @Test
  void schemasAreReadFromSharedNotCopied() throws IOException {
    TerraformModule hub = hub();
    String main = Repo.read(hub.dir().resolve("main.tf"));
    assertTrue(main.contains("${path.module}/../../../shared/src/main/resources/schemas"), "hub must read the schemas from shared/");
    for (String schema : List.of("relay.release.v1.avsc", "relay.command.v1.avsc")) {
      assertTrue(main.contains(schema), "hub does not use " + schema);
      assertTrue(Files.isRegularFile(hub.dir().resolve("../../../shared/src/main/resources/schemas").resolve(schema).normalize()));
    }
    try (Stream<Path> walk = Files.walk(TERRAFORM)) {
      assertEquals(List.of(), walk.filter(p -> p.toString().endsWith(".avsc")).toList(), "schemas must not be copied into terraform/");
    }
    for (var topic : hub.resourcesOfType("google_pubsub_topic")) {
      Map<String, Object> schema = Hcl.block(topic.body(), "schema_settings");
      if (!schema.isEmpty()) {
        assertEquals("JSON", schema.get("encoding"), topic.address());
      }
    }
  }

  @Test
  void deployTriggerTakesTheSubstitutionsClientDeployerSets() {
    var trigger = client().resourcesOfType("google_cloudbuild_trigger").get(0);
    Object substitutions = trigger.body().get("substitutions");
    assertEquals(new TreeSet<>(com.twosixty.relay.contract.DeploySubstitutions.KEYS),
        new TreeSet<>(Hcl.map(substitutions).keySet()));
    assertEquals(List.of("relay-deploy"), trigger.body().get("tags"));

    var monorepo = hub().resourcesOfType("google_cloudbuild_trigger").get(0);
    assertEquals("all", Hcl.map(monorepo.body().get("substitutions")).get("_SERVICES"));
    assertTrue(Hcl.map(monorepo.body().get("substitutions")).containsKey("_IMAGE_BASE"));
    assertEquals("cloudbuild.yaml", Hcl.block(monorepo.body(), "git_file_source").get("path"));
  }
}
