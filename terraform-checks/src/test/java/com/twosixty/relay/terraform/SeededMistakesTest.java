package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check fails on a deliberately broken copy of terraform/, with a message that says why. */
class SeededMistakesTest {
  @TempDir
  Path temp;

  Path terraform;

  @BeforeEach
  void copy() {
    terraform = temp.resolve("terraform");
    Repo.copyTree(Repo.terraform(), terraform);
  }

  TerraformModule module(String relative) {
    return TerraformModule.load(terraform.resolve(relative), relative);
  }

  Function<Path, TerraformModule> loader() {
    return dir -> TerraformModule.load(dir, terraform.relativize(dir).toString());
  }

  static void assertProblem(List<String> problems, String... fragments) {
    assertTrue(problems.stream().anyMatch(p -> Arrays.stream(fragments).allMatch(p::contains)),
        () -> "expected a problem containing " + Arrays.toString(fragments) + ", got:\n" + String.join("\n", problems));
  }

  @Test
  void misspeltVariable() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "var.monorepo_branch", "var.monorepo_brnach");
    assertProblem(TerraformChecks.variables(module("modules/release-hub")),
        "modules/release-hub/main.tf:", "var.monorepo_brnach is not declared");
  }

  @Test
  void misspeltVariableInsideAnInterpolation() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "\"${local.project}.svc.id.goog\"", "\"${var.projct}.svc.id.goog\"");
    assertProblem(TerraformChecks.variables(module("modules/client-environment")), "var.projct is not declared");
  }

  @Test
  void variableWithoutDescription() {
    Repo.replace(terraform.resolve("modules/client-environment/variables.tf"),
        "  description = \"Machine type of the node pool when the client's cluster is not Autopilot.\"\n", "");
    assertProblem(TerraformChecks.variables(module("modules/client-environment")),
        "variable \"node_machine_type\" has no description");
  }

  @Test
  void variableWithoutType() {
    Repo.replace(terraform.resolve("environments/production/variables.tf"),
        "variable \"folder_id\" {\n  type        = string\n", "variable \"folder_id\" {\n");
    assertProblem(TerraformChecks.variables(module("environments/production")), "variable \"folder_id\" has no type");
  }

  @Test
  void moduleCallPassesAnUndeclaredInput() {
    Repo.replace(terraform.resolve("environments/production/main.tf"),
        "  monorepo_uri       = var.monorepo_uri\n", "  monorepo_uri       = var.monorepo_uri\n  monorepo_url       = var.monorepo_uri\n");
    assertProblem(TerraformChecks.moduleCalls(module("environments/production"), loader()),
        "module \"hub\" passes 'monorepo_url'", "does not declare");
  }

  @Test
  void moduleCallMissesARequiredInput() {
    Repo.replace(terraform.resolve("environments/production/main.tf"), "  billing_account = var.billing_account\n", "");
    assertProblem(TerraformChecks.moduleCalls(module("environments/production"), loader()),
        "module \"client\" does not pass required input 'billing_account'");
  }

  @Test
  void unknownEntryPoint() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "\"com.twosixty.relay.publisher.ReleasePublisher\"", "\"com.twosixty.relay.publisher.ReleasePublsher\"");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "google_cloudfunctions2_function.release_publisher", "entry point 'com.twosixty.relay.publisher.ReleasePublsher' is not a RelayFunction entry point");
  }

  @Test
  void environmentVariableTheFunctionDoesNotRead() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "      RELAY_PROJECT            = var.project_id\n      RELAY_FIRESTORE_DATABASE",
        "      RELAY_PROJECT            = var.project_id\n      RELAY_PROJECT_ID         = var.project_id\n      RELAY_FIRESTORE_DATABASE");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "google_cloudfunctions2_function.release_status", "sets RELAY_PROJECT_ID, which release-status does not read");
  }

  @Test
  void missingEnvironmentVariableWithoutDefault() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "      RELAY_RELEASES_TOPIC     = google_pubsub_topic.releases.name\n      RELAY_MONOREPO_TRIGGER   = google_cloudbuild_trigger.monorepo.trigger_id\n",
        "      RELAY_RELEASES_TOPIC     = google_pubsub_topic.releases.name\n");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "release_publisher", "does not set RELAY_MONOREPO_TRIGGER, which has no default");
  }

  @Test
  void runtimeEnvironmentMissingOrNotWhatTheJavaCodeSays() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "  firestore_enable_tracing = \"false\"", "  firestore_enable_tracing = \"true\"");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "client_deployer", "sets FIRESTORE_ENABLE_TRACING to 'true', but RelayFunction.RUNTIME_ENVIRONMENT has 'false'");

    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "      FIRESTORE_ENABLE_TRACING = local.firestore_enable_tracing\n      RELAY_PROJECT            = var.project_id\n      RELAY_FIRESTORE_DATABASE",
        "      RELAY_PROJECT            = var.project_id\n      RELAY_FIRESTORE_DATABASE");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "release_status", "does not set FIRESTORE_ENABLE_TRACING (RelayFunction.RUNTIME_ENVIRONMENT");
  }

  @Test
  void runtimeNotTheOneTheJavaCodeBuildsFor() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"), "runtime         = \"java25\"", "runtime         = \"java17\"");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "client_deployer", "runtime is 'java17', but RelayFunction.RUNTIME is 'java25'");

    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"), "runtime = \"java25\"", "runtime = \"java21\"");
    List<String> hub = TerraformChecks.functions(module("modules/release-hub"));
    for (String function : List.of("push_webhook", "release_publisher", "release_status")) {
      assertProblem(hub, function, "runtime is 'java21', but RelayFunction.RUNTIME is 'java25'");
    }
  }

  @Test
  void webhookSecretNotMounted() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"), "key        = \"RELAY_WEBHOOK_SECRET\"", "key        = \"WEBHOOK_SECRET\"");
    List<String> problems = TerraformChecks.functions(module("modules/release-hub"));
    assertProblem(problems, "push_webhook", "does not set RELAY_WEBHOOK_SECRET");
    assertProblem(problems, "push_webhook", "sets WEBHOOK_SECRET, which push-webhook does not read");
  }

  @Test
  void clientSecretEnvironmentOnTheWrongFunction() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "      RELAY_COMMANDS_TOPIC     = var.commands_topic\n      RELAY_DEPLOYMENTS_TOPIC  = var.deployments_topic\n      RELAY_FIRESTORE_DATABASE = var.firestore_database\n      RELAY_MAX_EVENT_AGE      = var.max_event_age\n    }\n  }\n\n  # The client project's own",
        "      RELAY_COMMANDS_TOPIC     = var.commands_topic\n      RELAY_DEPLOYMENTS_TOPIC  = var.deployments_topic\n      RELAY_FIRESTORE_DATABASE = var.firestore_database\n      RELAY_MAX_EVENT_AGE      = var.max_event_age\n      RELAY_RELEASES_TOPIC     = var.releases_topic\n    }\n  }\n\n  # The client project's own");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "deploy_reporter", "sets RELAY_RELEASES_TOPIC, which deploy-reporter does not read");
  }

  @Test
  void cloudEventFunctionWithoutRetry() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"), "RETRY_POLICY_RETRY", "RETRY_POLICY_DO_NOT_RETRY");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")), "release_publisher", "event_trigger must retry");
  }

  @Test
  void topicNameDiffersFromTheJavaDefault() {
    Repo.replace(terraform.resolve("modules/release-hub/variables.tf"), "default     = \"releases\"", "default     = \"release\"");
    TerraformModule hub = module("modules/release-hub");
    assertProblem(TerraformChecks.topics(hub), "RELAY_RELEASES_TOPIC is 'release' but the Java default is 'releases'");
    assertProblem(TerraformChecks.declaresTopics(hub, java.util.Set.of("releases")), "no google_pubsub_topic named 'releases'");
  }

  @Test
  void clientTopicDefaultDiffersFromTheJavaDefault() {
    Repo.replace(terraform.resolve("modules/client-environment/variables.tf"),
        "default     = \"release-commands\"", "default     = \"commands\"");
    assertProblem(TerraformChecks.topics(module("modules/client-environment")),
        "RELAY_COMMANDS_TOPIC is 'commands' but the Java default is 'release-commands'");
  }

  @Test
  void extraRole() {
    Repo.replace(terraform.resolve("modules/release-hub/iam.tf"), "# release-status: reads Firestore.",
        "resource \"google_project_iam_member\" \"release_publisher_owner\" {\n"
            + "  project = var.project_id\n  role    = \"roles/owner\"\n"
            + "  member  = google_service_account.release_publisher.member\n}\n\n# release-status: reads Firestore.");
    assertProblem(TerraformChecks.roles(module("modules/release-hub"), AllowList.roles()),
        "google_project_iam_member.release_publisher_owner", "grants roles/owner to release-publisher", "not in its allow-list");
  }

  @Test
  void roleForAnotherFunctionsAccount() {
    Repo.replace(terraform.resolve("modules/client-environment/iam.tf"),
        "  role    = \"roles/container.clusterViewer\"\n  member  = google_service_account.client_deployer.member",
        "  role    = \"roles/container.clusterViewer\"\n  member  = google_service_account.deploy_reporter.member");
    assertProblem(TerraformChecks.roles(module("modules/client-environment"), AllowList.roles()),
        "grants roles/container.clusterViewer to deploy-reporter");
  }

  @Test
  void sharedFunctionServiceAccount() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "service_account_email          = google_service_account.release_status.email",
        "service_account_email          = google_service_account.release_publisher.email");
    assertProblem(TerraformChecks.roles(module("modules/release-hub"), AllowList.roles()),
        "google_service_account.release_publisher is shared by");
  }

  @Test
  void authoritativeIam() {
    Repo.replace(terraform.resolve("modules/release-hub/iam.tf"), "resource \"google_project_iam_member\" \"release_status_firestore\"",
        "resource \"google_project_iam_binding\" \"release_status_firestore\"");
    assertProblem(TerraformChecks.roles(module("modules/release-hub"), AllowList.roles()),
        "google_project_iam_binding.release_status_firestore is authoritative IAM");
  }

  @Test
  void clientVariableMissesAField() {
    Path variables = terraform.resolve("modules/client-environment/variables.tf");
    Repo.replace(variables, "    autoRollback = optional(bool, false)\n", "");
    List<String> fields = Arrays.stream(ClientDefinition.class.getRecordComponents()).map(c -> c.getName()).toList();
    assertProblem(TerraformChecks.clientVariableCovers(module("modules/client-environment"), Repo.read(variables), fields),
        "variable \"client\" has no field 'autoRollback'");
  }
}
