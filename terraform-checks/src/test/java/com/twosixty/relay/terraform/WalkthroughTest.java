package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terraform/README.md's walkthrough works as written, as far as it can without GCP: its commands run in
 * order in one shell (stubs for gcloud, terraform, gh, git, curl and ./mvnw), and what they name is what
 * the Terraform declares. Each check also fails on a seeded mistake.
 */
class WalkthroughTest {
  static final String DEPLOYMENT = "## Deployment: from an empty organisation to a hub and its clients";
  static final String GITLAB = "## GitLab";

  @TempDir
  Path work;

  static String readme() {
    return Repo.read(Repo.terraform().resolve("README.md"));
  }

  /** The client step 12 writes, as a stubbed `terraform output -json clients` reports it. */
  static String clientsOutput(List<Walkthrough.Fence> fences) {
    Walkthrough.Fence file = fences.stream().filter(f -> f.language().equals("yaml")).findFirst().orElseThrow();
    String id = field(file.text(), "(?m)^id:\\s*(\\S+)");
    String project = field(file.text(), "(?m)^\\s+project:\\s*(\\S+)");
    String region = field(file.text(), "(?m)^\\s+region:\\s*(\\S+)");
    return "{\"" + id + "\": {\"project\": \"" + project + "\", \"region\": \"" + region + "\"}}";
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in " + text);
    return m.group(1);
  }

  Walkthrough.Run run(String markdown) {
    List<Walkthrough.Fence> fences = Walkthrough.fences(markdown, DEPLOYMENT);
    return Walkthrough.run(fences, Repo.root(), work, clientsOutput(fences));
  }

  static void assertProblem(List<String> problems, String... fragments) {
    assertTrue(problems.stream().anyMatch(p -> Arrays.stream(fragments).allMatch(p::contains)),
        () -> "expected a problem containing " + Arrays.toString(fragments) + ", got:\n" + String.join("\n", problems));
  }

  @Test
  void theWalkthroughRunsInOrderAndNamesWhatTheTerraformDeclares() {
    Walkthrough.Run run = run(readme());
    assertEquals(0, run.exitCode(), () -> "the walkthrough's commands failed:\n" + run.output());
    List<String> problems = new ArrayList<>(Walkthrough.check(run, Repo.terraform()));
    assertTrue(problems.isEmpty(), () -> "\n" + String.join("\n", problems));

    // The steps that matter ran: the targeted applies, one plain apply for the client, the checks.
    List<Walkthrough.Call> applies = run.of("terraform", "apply");
    assertEquals(3, applies.size(), applies.toString());
    assertEquals(List.of("apply"), applies.get(2).args(), "onboarding a client is one plain terraform apply");
    assertFalse(run.of("gcloud", "builds", "connections", "describe").isEmpty(), "the connection is checked");
    assertEquals(List.of("/api/clients/globex"), Walkthrough.releaseStatusPaths(run));
    assertEquals(2, run.of("gcloud", "secrets", "versions", "add").size());
    assertTrue(run.of("mvnw").stream().anyMatch(c -> c.args().contains("-Dtest=ClientFilesTest")), run.calls().toString());
  }

  @Test
  void onboardingNeedsNoConsoleStepAndNoTargetedApply() {
    String markdown = readme();
    int start = markdown.indexOf("### Every client: one file, one apply");
    String onboarding = markdown.substring(start, markdown.indexOf("\n## ", start));
    assertFalse(onboarding.contains("Console →"), "no Console click when onboarding a client");
    assertFalse(onboarding.contains("-target"), "no targeted apply when onboarding a client");
  }

  @Test
  void settingsAndClientFilesInTheReadmeAreRealOnes() {
    List<Walkthrough.Fence> fences = new ArrayList<>(Walkthrough.fences(readme(), DEPLOYMENT));
    fences.addAll(Walkthrough.fences(readme(), GITLAB));
    assertTrue(fences.stream().filter(f -> f.language().equals("hcl")).count() >= 3, fences.toString());
    // terraform.tfvars.example, which step 8 copies, holds settings of the environment too.
    fences.add(new Walkthrough.Fence("hcl", Repo.read(Repo.terraform().resolve("environments/production/terraform.tfvars.example")), 0));
    List<String> problems = new ArrayList<>(Walkthrough.tfvars(fences, Repo.terraform()));
    problems.addAll(Walkthrough.clientFiles(fences, work));
    problems.addAll(Walkthrough.syntax(fences, work));
    assertTrue(problems.isEmpty(), () -> "\n" + String.join("\n", problems));
  }

  // ------------------------------------------------------------------------------------------
  // Seeded mistakes
  // ------------------------------------------------------------------------------------------

  @Test
  void aVariableNoEarlierStepSetsStopsTheRun() {
    Walkthrough.Run run = run(readme().replace("--project=$CLIENT_PROJECT --format", "--project=$CLIENT_PROJ --format"));
    assertNotEquals(0, run.exitCode());
    assertTrue(run.output().contains("CLIENT_PROJ: unbound variable"), run.output());
  }

  @Test
  void aTargetTheTerraformDoesNotDeclare() {
    Walkthrough.Run run = run(readme().replace("-target=module.hub.google_secret_manager_secret.github_token",
        "-target=module.hub.google_secret_manager_secret.github"));
    assertProblem(Walkthrough.check(run, Repo.terraform()), "-target module.hub.google_secret_manager_secret.github is not declared");
  }

  @Test
  void anOutputTheEnvironmentDoesNotHave() {
    Walkthrough.Run run = run(readme().replace("terraform output -raw release_status_url", "terraform output -raw status_url"));
    assertProblem(Walkthrough.check(run, Repo.terraform()), "environments/production has no output status_url");
  }

  @Test
  void aSecretTerraformDoesNotCreate() {
    Walkthrough.Run run = run(readme().replace("versions add relay-github-token", "versions add relay-github-pat"));
    assertProblem(Walkthrough.check(run, Repo.terraform()), "Terraform creates no secret relay-github-pat");
  }

  @Test
  void aConnectionNameTheModuleDoesNotGive() {
    Walkthrough.Run run = run(readme().replace("connections describe relay-github", "connections describe github"));
    assertProblem(Walkthrough.check(run, Repo.terraform()), "client-environment names the GitHub connection relay-github");
  }

  @Test
  void aSettingThatIsNoVariable(@TempDir Path dir) {
    List<Walkthrough.Fence> fences = List.of(new Walkthrough.Fence("hcl", "deploy_githb = {\n  app_installation_id = 1\n}\n", 10));
    assertProblem(Walkthrough.tfvars(fences, Repo.terraform()), "deploy_githb is not a variable of environments/production");
  }

  @Test
  void aClientFileTheLoaderRefuses() {
    String file = Walkthrough.fences(readme(), DEPLOYMENT).stream().filter(f -> f.language().equals("yaml")).findFirst().orElseThrow().text();
    List<Walkthrough.Fence> fences = List.of(new Walkthrough.Fence("yaml", file.replace("channel: stable", "channel: nightly"), 20));
    assertProblem(Walkthrough.clientFiles(fences, work), "the client file does not load", "channel");
  }

  @Test
  void aBlockThatDoesNotParse() {
    List<Walkthrough.Fence> fences = List.of(new Walkthrough.Fence("sh", "export A=$(gcloud config get-value account\n", 30));
    assertProblem(Walkthrough.syntax(fences, work), "terraform/README.md:30: the sh block does not parse");
  }
}
