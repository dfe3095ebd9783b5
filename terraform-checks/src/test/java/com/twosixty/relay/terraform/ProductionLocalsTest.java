package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What environments/production decides from the client files, evaluated by Terraform itself: its
 * {@code locals} and the conditions of its {@code check} blocks, copied as written into a configuration
 * without providers or modules (so {@code terraform console} runs with no init and no network), next to a
 * copy of {@code clients/}. Which clients an apply creates (the samples only when asked), which host each
 * deployment repo is on, and which GitHub and GitLab repositories it creates where.
 */
class ProductionLocalsTest {
  @TempDir
  Path work;

  Path production;

  @BeforeEach
  void scratch() throws IOException {
    assumeTrue(Commands.onPath("terraform"), "terraform is not installed");
    Repo.copyTree(Repo.root().resolve("clients"), work.resolve("clients"));
    production = Files.createDirectories(work.resolve("terraform/environments/production"));
    Path source = Repo.terraform().resolve("environments/production");
    Files.copy(source.resolve("variables.tf"), production.resolve("variables.tf"));
    StringBuilder main = new StringBuilder();
    for (HclTree.Block block : Walkthrough.blocks(source)) {
      if (block.type().equals("locals")) {
        main.append("locals {\n");
        for (HclTree.Attribute local : block.body().attributes()) {
          main.append("  ").append(local.name()).append(" = ").append(local.expression()).append('\n');
        }
        main.append("}\n");
      }
    }
    Files.writeString(production.resolve("main.tf"), main.toString());
  }

  /** The check blocks' conditions, by check name, as production's main.tf writes them. */
  static Map<String, String> checks() {
    Map<String, String> conditions = new LinkedHashMap<>();
    for (HclTree.Block block : Walkthrough.blocks(Repo.terraform().resolve("environments/production"))) {
      if (block.type().equals("check")) {
        conditions.put(block.labels().get(0), block.body().blocks("assert").get(0).body().attribute("condition").expression());
      }
    }
    return conditions;
  }

  /** Evaluates locals and every check condition with these variables; the result as JSON. */
  JsonObject evaluate(String... variables) {
    StringBuilder expression = new StringBuilder("jsonencode({clients = keys(local.clients), types = local.deploy_repo_types, "
        + "repos = local.github_deploy_repos, gitlab_repos = local.gitlab_deploy_repos, checks = {");
    checks().forEach((name, condition) -> expression.append(name).append(" = (").append(condition.replace("\n", " ")).append("), "));
    expression.append("}})\n");
    List<String> command = new ArrayList<>(List.of("terraform", "console",
        "-var=hub_project_id=relay-hub-prod", "-var=folder_id=123", "-var=billing_account=012345-6789AB-CDEF01",
        "-var=monorepo_uri=https://github.com/twosixty/relay-monorepo", "-var=services={}"));
    for (String variable : variables) {
      command.add("-var=" + variable);
    }
    // terraform console reads its expression from standard input, which Commands.run closes: a shell redirects it.
    Path input = work.resolve("expression.txt");
    Repo.write(input, expression.toString());
    String quoted = String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    Commands.Result result = Commands.run(production, Map.of("CHECKPOINT_DISABLE", "1"), List.of("sh", "-c", quoted + " < '" + input + "'"));
    String line = result.output().lines().filter(l -> l.startsWith("\"")).reduce((a, b) -> b).orElse(null);
    assertTrue(result.exitCode() == 0 && line != null, () -> "terraform console failed:\n" + result.output());
    return JsonParser.parseString(JsonParser.parseString(line).getAsString()).getAsJsonObject();
  }

  void client(String id, String repo) {
    String file = Repo.read(Repo.root().resolve("clients/essence.yaml"))
        .replace("id: essence", "id: " + id)
        .replace("relay-essence-prod", "relay-" + id + "-prod")
        .replace("https://github.com/twosixty/essence-deploy", repo);
    Repo.write(work.resolve("clients/" + id + ".yaml"), file);
  }

  static List<String> strings(JsonObject json, String field) {
    List<String> values = new ArrayList<>();
    json.getAsJsonArray(field).forEach(e -> values.add(e.getAsString()));
    return values;
  }

  @Test
  void theSampleClientsAreCreatedOnlyWhenAsked() {
    JsonObject fresh = evaluate();
    assertEquals(List.of(), strings(fresh, "clients"), "a first apply creates no sample client");
    JsonObject asked = evaluate("create_sample_clients=true");
    assertEquals(List.of("acme", "essence", "northwind"), strings(asked, "clients"));
    client("globex", "https://github.com/twosixty/globex-deploy");
    assertEquals(List.of("globex"), strings(evaluate(), "clients"), "a client that is not a sample is created");
  }

  @Test
  void aGitHubClientsRepoIsCreatedUnderTheOwnerWhenAsked() {
    client("globex", "https://github.com/twosixty/globex-deploy.git");
    assertEquals("{}", evaluate().get("repos").toString(), "no repository without create_deploy_repos");
    JsonObject created = evaluate("create_deploy_repos=true", "github_owner=twosixty", "deploy_github={app_installation_id=12345678}");
    assertEquals("{\"globex\":[\"twosixty\",\"globex-deploy\"]}", created.get("repos").toString());
    assertEquals("GITHUB", created.getAsJsonObject("types").get("globex").getAsString());
    created.getAsJsonObject("checks").entrySet().forEach(check -> assertTrue(check.getValue().getAsBoolean(), check.getKey()));
  }

  @Test
  void aGitLabClientIsRecognisedByItsHostWithTheHubsTokens() {
    client("initech", "https://gitlab.com/initech/initech-deploy");
    String gitlab = "deploy_gitlab={api_token_secret_version=\"projects/h/secrets/a/versions/1\","
        + "read_api_token_secret_version=\"projects/h/secrets/r/versions/1\",webhook_secret_secret_version=\"projects/h/secrets/w/versions/1\"}";
    JsonObject withTokens = evaluate(gitlab, "deploy_github={app_installation_id=1}");
    assertEquals("GITLAB", withTokens.getAsJsonObject("types").get("initech").getAsString());
    assertEquals("{}", withTokens.get("gitlab_repos").toString(), "no repository without create_deploy_repos");
    JsonObject created = evaluate(gitlab, "deploy_github={app_installation_id=1}", "create_deploy_repos=true");
    assertEquals("{\"initech\":[\"initech\",\"initech-deploy\"]}", created.get("gitlab_repos").toString());
    assertEquals("{}", created.get("repos").toString(), "not on GitHub");
    assertTrue(withTokens.getAsJsonObject("checks").get("deploy_repos_on_github_or_gitlab").getAsBoolean());
    // Seeded: no GitLab tokens, so the repo's host is neither github.com nor a GitLab with a connection.
    JsonObject without = evaluate("deploy_github={app_installation_id=1}");
    assertEquals(false, without.getAsJsonObject("checks").get("deploy_repos_on_github_or_gitlab").getAsBoolean());
  }

  @Test
  void theChecksCatchAForeignOwnerAndAMissingConnection() {
    client("globex", "https://github.com/someone-else/globex-deploy");
    JsonObject foreign = evaluate("create_deploy_repos=true", "github_owner=twosixty", "deploy_github={app_installation_id=1}");
    assertEquals("{}", foreign.get("repos").toString(), "nothing is created under another owner's name");
    assertEquals(false, foreign.getAsJsonObject("checks").get("deploy_repos_belong_to_github_owner").getAsBoolean());
    JsonObject noConnection = evaluate();
    assertEquals(false, noConnection.getAsJsonObject("checks").get("github_clients_have_a_connection").getAsBoolean(),
        "a GitHub client without deploy_github would need a Console step");
  }
}
