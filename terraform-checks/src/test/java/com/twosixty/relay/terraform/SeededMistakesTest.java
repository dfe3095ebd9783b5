package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.config.RelayFunction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  /** A module of the copy; the client environment bound to production's call, as TerraformTreeTest.client(). */
  TerraformModule module(String relative) {
    if (relative.equals("modules/client-environment")) {
      return TerraformModule.load(terraform.resolve("environments/production"), "environments/production").called("client");
    }
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
  void readmeInputsTableOutOfStep() {
    Path readme = terraform.resolve("modules/client-environment/README.md");
    Repo.replace(readme, "| `node_count` | Nodes per zone of the node pool when the client's cluster is not Autopilot. | `number` | `1` | no |\n", "");
    Repo.replace(readme, "| `deploy_branch` | Branch of the deployment repository the deploy trigger builds. | `string` | `\"main\"` | no |",
        "| `deploy_branch` | Branch of the deployment repository the deploy trigger builds. | `list(string)` | `\"master\"` | yes |");
    Repo.replace(readme, "## Outputs", "| `gone` | A variable that was removed. | `string` | n/a | yes |\n\n## Outputs");
    TerraformModule client = module("modules/client-environment");
    List<String> problems = TerraformChecks.readmeInputs(client, Repo.read(readme));
    assertProblem(problems, "modules/client-environment/README.md", "Inputs has no row for variable \"node_count\"");
    assertProblem(problems, "'deploy_branch' the type `list(string)`, variables.tf `string`");
    assertProblem(problems, "'deploy_branch' the default `\"master\"`, variables.tf `\"main\"`");
    assertProblem(problems, "'deploy_branch' is required (yes), but variables.tf gives it a default");
    assertProblem(problems, "Inputs has a row for 'gone', which variables.tf does not declare");

    Repo.replace(terraform.resolve("modules/relay-function/variables.tf"), "variable \"memory\" {\n  type        = string", "variable \"memory\" {\n  type        = number");
    TerraformModule function = module("modules/relay-function");
    assertProblem(TerraformChecks.readmeInputs(function, Repo.read(terraform.resolve("modules/relay-function/README.md"))),
        "'memory' the type `string`, variables.tf `number`");
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
        "module.release_publisher", "entry point 'com.twosixty.relay.publisher.ReleasePublsher' is not a RelayFunction entry point");
  }

  @Test
  void environmentVariableTheFunctionDoesNotRead() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "    RELAY_HUB_PROJECT        = var.hub_project_id\n    RELAY_CLIENTS ",
        "    RELAY_HUB_PROJECT        = var.hub_project_id\n    RELAY_PROJECT_ID         = var.hub_project_id\n    RELAY_CLIENTS ");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "module.release_status", "sets RELAY_PROJECT_ID, which release-status does not read");
  }

  @Test
  void releaseStatusWithoutTheClientFiles() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "    RELAY_CLIENTS            = local.clients_setting\n    RELAY_FIRESTORE_DATABASE",
        "    RELAY_FIRESTORE_DATABASE");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")), "module.release_status", "RELAY_CLIENTS");
  }

  @Test
  void releaseStatusWithoutTheWavesReleaseRolloutRuns() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"), "    RELAY_ROLLOUT = local.rollout\n", "");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "the functions that read RELAY_ROLLOUT must be given the same value",
        "module.release_status.google_cloudfunctions2_function.function sets nothing", "module.release_rollout");
  }

  @Test
  void missingEnvironmentVariableWithoutDefault() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "    RELAY_RELEASES_TOPIC   = google_pubsub_topic.releases.name\n    RELAY_MONOREPO_TRIGGER = google_cloudbuild_trigger.monorepo.trigger_id\n",
        "    RELAY_RELEASES_TOPIC   = google_pubsub_topic.releases.name\n");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "release_publisher", "does not set RELAY_MONOREPO_TRIGGER, which has no default");
  }

  @Test
  void runtimeEnvironmentMissingOrNotWhatTheJavaCodeSays() {
    // Written once, in relay-function: every function that calls it is wrong with it.
    Path function = terraform.resolve("modules/relay-function/main.tf");
    Repo.replace(function, "    FIRESTORE_ENABLE_TRACING = \"false\"", "    FIRESTORE_ENABLE_TRACING = \"true\"");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "client_deployer", "sets FIRESTORE_ENABLE_TRACING to 'true', but RelayFunction.RUNTIME_ENVIRONMENT has 'false'");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "release_status", "sets FIRESTORE_ENABLE_TRACING to 'true', but RelayFunction.RUNTIME_ENVIRONMENT has 'false'");

    Repo.replace(function, "    FIRESTORE_ENABLE_TRACING = \"true\"\n", "");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "release_status", "does not set FIRESTORE_ENABLE_TRACING (RelayFunction.RUNTIME_ENVIRONMENT");
  }

  @Test
  void runtimeEnvironmentLeftOutOfTheMerge() {
    Repo.replace(terraform.resolve("modules/relay-function/main.tf"),
        "merge(var.environment, local.runtime_environment)", "var.environment");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "deploy_reporter", "does not set JAVA_TOOL_OPTIONS (RelayFunction.RUNTIME_ENVIRONMENT");
  }

  @Test
  void runtimeNotTheOneTheJavaCodeBuildsFor() {
    Repo.replace(terraform.resolve("modules/relay-function/main.tf"), "runtime = \"java25\"", "runtime = \"java21\"");
    List<String> problems = new java.util.ArrayList<>(TerraformChecks.functions(module("modules/release-hub")));
    problems.addAll(TerraformChecks.functions(module("modules/client-environment")));
    for (String function : List.of("push_webhook", "release_publisher", "release_status", "client_deployer", "deploy_reporter")) {
      assertProblem(problems, "module." + function + ".", "runtime is 'java21', but RelayFunction.RUNTIME is 'java25'");
    }
  }

  @Test
  void shapeNotWhatTheJavaCodeSays() {
    Path hub = terraform.resolve("modules/release-hub/functions.tf");
    String statusCall = Repo.read(hub).substring(Repo.read(hub).indexOf("module \"release_status\""));
    String wrongMemory = statusCall.replaceFirst("memory                = \"256Mi\"", "memory                = \"512Mi\"");
    Repo.replace(hub, statusCall, wrongMemory);
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"), "  cpu                   = \"1\"\n  max_instances         = 5\n  timeout_seconds       = 60",
        "  cpu                   = \"0.583\"\n  max_instances         = 5\n  timeout_seconds       = 60");
    List<String> hubProblems = TerraformChecks.functions(module("modules/release-hub"));
    assertProblem(hubProblems, "module.release_status.", "available_memory is '512Mi', but RELEASE_STATUS.shape() has '256Mi'");
    assertTrue(hubProblems.stream().noneMatch(p -> p.contains("module.push_webhook.")), String.join("\n", hubProblems));
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "module.deploy_reporter.", "available_cpu is '0.583', but DEPLOY_REPORTER.shape() has '1'");
  }

  @Test
  void shapeNotSetOrConcurrencyTooHighBelowOneVcpu() {
    Path function = terraform.resolve("modules/relay-function/main.tf");
    Repo.replace(function, "    available_cpu    = var.cpu\n", "");
    Repo.replace(function, "max_instance_request_concurrency = 1", "max_instance_request_concurrency = 4");
    assertProblem(TerraformChecks.functions(module("modules/release-hub")),
        "module.push_webhook.", "available_cpu is not set, but PUSH_WEBHOOK.shape() has '1'");
    // The concurrency check applies below 1 vCPU, the shape checked with it.
    Map<String, Object> service = new java.util.HashMap<>(Map.of("available_memory", "256Mi", "available_cpu", "0.5",
        "max_instance_request_concurrency", "4"));
    assertProblem(TerraformChecks.shape(module("modules/release-hub"), "at", RelayFunction.PUSH_WEBHOOK, service),
        "max_instance_request_concurrency is '4', but below 1 vCPU");
  }

  @Test
  void webhookSecretNotMounted() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"), "    RELAY_WEBHOOK_SECRET = {", "    WEBHOOK_SECRET = {");
    List<String> problems = TerraformChecks.functions(module("modules/release-hub"));
    assertProblem(problems, "push_webhook", "does not set RELAY_WEBHOOK_SECRET");
    assertProblem(problems, "push_webhook", "sets WEBHOOK_SECRET, which push-webhook does not read");
  }

  @Test
  void clientSecretEnvironmentOnTheWrongFunction() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "    RELAY_MAX_EVENT_AGE       = var.max_event_age\n  }\n\n  # The client project's own",
        "    RELAY_MAX_EVENT_AGE       = var.max_event_age\n    RELAY_RELEASES_TOPIC      = var.hub.releases_topic\n  }\n\n  # The client project's own");
    assertProblem(TerraformChecks.functions(module("modules/client-environment")),
        "deploy_reporter", "sets RELAY_RELEASES_TOPIC, which deploy-reporter does not read");
  }

  @Test
  void cloudEventFunctionWithoutRetry() {
    Repo.replace(terraform.resolve("modules/relay-function/main.tf"), "\"RETRY_POLICY_RETRY\"", "\"RETRY_POLICY_DO_NOT_RETRY\"");
    assertProblem(TerraformChecks.wiring(module("modules/release-hub")), "release_publisher", "event_trigger must retry");
    assertProblem(TerraformChecks.wiring(module("modules/client-environment")), "deploy_reporter", "event_trigger must retry");
  }

  @Test
  void pushFedFunctionGivenAnEventTrigger() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "  # No event_trigger: the subscriptions below push to it",
        "  event_trigger = {\n    pubsub_topic = google_pubsub_topic.cloud_builds.id\n  }\n\n"
            + "  # No event_trigger: the subscriptions below push to it");
    assertProblem(TerraformChecks.wiring(module("modules/client-environment")),
        "client_deployer", "PUSH_SUBSCRIPTION", "has an event_trigger (CloudEvents)");
  }

  @Test
  void pushSubscriptionAimedAtAnEventarcFunction() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "  topic                      = \"${local.hub_topic_prefix}/${var.hub.release_commands_topic}\"",
        "  topic                      = \"${local.hub_topic_prefix}/${var.hub.release_commands_topic}\"\n  # retargeted");
    String main = Repo.read(terraform.resolve("modules/client-environment/main.tf"));
    int commands = main.indexOf("# retargeted");
    Repo.write(terraform.resolve("modules/client-environment/main.tf"), main.substring(0, commands)
        + main.substring(commands).replaceFirst("module.client_deployer.uri", "module.deploy_reporter.uri"));
    List<String> problems = TerraformChecks.wiring(module("modules/client-environment"));
    assertProblem(problems, "deploy_reporter", "EVENTARC", "POST raw push bodies to it");
    assertProblem(problems, "client_deployer", "feed it from [releases]", "[release-commands, releases]");
  }

  @Test
  void eventarcFunctionWithoutItsTrigger() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "  event_trigger = {\n    pubsub_topic = google_pubsub_topic.cloud_builds.id\n  }\n", "");
    assertProblem(TerraformChecks.wiring(module("modules/release-hub")), "release_publisher", "needs one event_trigger (Eventarc), has 0");
  }

  @Test
  void eventTriggerOnAnotherTopic() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "    pubsub_topic = google_pubsub_topic.cloud_builds.id", "    pubsub_topic = \"projects/p/topics/deployments\"");
    assertProblem(TerraformChecks.wiring(module("modules/client-environment")), "deploy_reporter", "event_trigger's topic is",
        "not one of [cloud-builds]");
  }

  @Test
  void deadLetterAttemptsThatDifferFromTheLocalStacks() {
    Repo.replace(terraform.resolve("modules/client-environment/variables.tf"),
        "  default     = 10\n\n  validation {\n    condition     = var.max_delivery_attempts",
        "  default     = 5\n\n  validation {\n    condition     = var.max_delivery_attempts");
    assertProblem(TerraformChecks.wiring(module("modules/client-environment")),
        "google_pubsub_subscription.releases", "max_delivery_attempts is var.max_delivery_attempts (5)", "is 10");
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
    // The client environment has no topic defaults of its own: it gets the hub's names.
    Repo.replace(terraform.resolve("modules/release-hub/variables.tf"),
        "default     = \"release-commands\"", "default     = \"commands\"");
    assertProblem(TerraformChecks.topics(module("modules/client-environment")),
        "client_deployer", "RELAY_RELEASE_COMMANDS_TOPIC is 'commands' but the Java default is 'release-commands'");
  }

  @Test
  void hubHandsTheClientTheWrongTopic() {
    Repo.replace(terraform.resolve("modules/release-hub/outputs.tf"),
        "    release_commands_topic                = google_pubsub_topic.release_commands.name",
        "    release_commands_topic                = google_pubsub_topic.deployments.name");
    Repo.replace(terraform.resolve("modules/release-hub/outputs.tf"),
        "    releases_topic                        = google_pubsub_topic.releases.name",
        "    releases_topic                        = google_pubsub_topic.release_commands.name");
    TerraformModule client = module("modules/client-environment");
    assertProblem(TerraformChecks.topics(client), "client_deployer", "RELAY_RELEASE_COMMANDS_TOPIC is 'deployments' but the Java default is 'release-commands'");
    assertProblem(TerraformChecks.topics(client), "client_deployer", "RELAY_RELEASES_TOPIC is 'release-commands' but the Java default is 'releases'");
  }

  @Test
  void extraRole() {
    Repo.replace(terraform.resolve("modules/release-hub/iam.tf"), "# release-status: reads Firestore.",
        "resource \"google_project_iam_member\" \"release_publisher_owner\" {\n"
            + "  project = var.hub_project_id\n  role    = \"roles/owner\"\n"
            + "  member  = google_service_account.release_publisher.member\n}\n\n# release-status: reads Firestore.");
    assertProblem(TerraformChecks.roles(module("modules/release-hub"), AllowList.roles()),
        "google_project_iam_member.release_publisher_owner", "grants roles/owner to release-publisher", "not in its allow-list");
  }

  @Test
  void gitlabRepositoryGrantIsCheckedInEachCaller() {
    Repo.replace(terraform.resolve("modules/gitlab-repository/main.tf"),
        "  role      = \"roles/secretmanager.secretAccessor\"", "  role      = \"roles/secretmanager.admin\"");
    for (String caller : List.of("modules/release-hub", "modules/client-environment")) {
      assertProblem(TerraformChecks.roles(module(caller), AllowList.roles()),
          "google_secret_manager_secret_iam_member.connection", "grants roles/secretmanager.admin to service-agent:cloudbuild");
    }
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
        "  service_account_email = google_service_account.release_status.email",
        "  service_account_email = google_service_account.release_publisher.email");
    assertProblem(TerraformChecks.roles(module("modules/release-hub"), AllowList.roles()),
        "google_service_account.release_publisher is shared by");
  }

  @Test
  void aDeployReporterThatPublishesCommandsAgain() {
    Repo.replace(terraform.resolve("modules/client-environment/iam.tf"), "# The push subscriptions' identity may call client-deployer",
        "resource \"google_pubsub_topic_iam_member\" \"deploy_reporter_commands\" {\n"
            + "  project = var.hub.hub_project_id\n  topic   = var.hub.release_commands_topic\n  role    = \"roles/pubsub.publisher\"\n"
            + "  member  = google_service_account.deploy_reporter.member\n}\n\n# The push subscriptions' identity may call client-deployer");
    assertProblem(TerraformChecks.commandPublishers(module("modules/client-environment")),
        "google_pubsub_topic_iam_member.deploy_reporter_commands", "grants roles/pubsub.publisher on release-commands to deploy-reporter");
  }

  @Test
  void aProjectWidePublisherCoversTheCommandsTopic() {
    Repo.replace(terraform.resolve("modules/release-hub/iam.tf"), "# release-status: reads Firestore.",
        "resource \"google_project_iam_member\" \"release_publisher_publishes_anywhere\" {\n"
            + "  project = var.hub_project_id\n  role    = \"roles/pubsub.publisher\"\n"
            + "  member  = google_service_account.release_publisher.member\n}\n\n# release-status: reads Firestore.");
    assertProblem(TerraformChecks.commandPublishers(module("modules/release-hub")),
        "google_project_iam_member.release_publisher_publishes_anywhere", "on a whole project to release-publisher");
  }

  @Test
  void aToolPublisherOutsideTheValidatedList() {
    Repo.replace(terraform.resolve("modules/release-hub/iam.tf"), "  for_each = toset(var.command_publishers)",
        "  for_each = toset(var.status_invokers)");
    assertProblem(TerraformChecks.commandPublishers(module("modules/release-hub")),
        "google_pubsub_topic_iam_member.command_publishers", "only command-gateway and the accounts in var.command_publishers");
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
    assertProblem(TerraformChecks.clientVariableCovers(module("modules/client-environment"), fields),
        "variable \"client\" has no field 'autoRollback'");
  }

  // ------------------------------------------------------------------------------------------
  // The google provider's schema (ProviderSchemaCheck)
  // ------------------------------------------------------------------------------------------

  List<String> schemaProblems(String relative) {
    return ProviderSchemaCheck.check(terraform.resolve(relative), relative, ProviderSchema.get());
  }

  @Test
  void unknownArgument() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"),
        "  name    = \"cloud-builds\"\n", "  name    = \"cloud-builds\"\n  retention = \"7d\"\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "google_pubsub_topic.cloud_builds: retention: unknown argument");
  }

  @Test
  void missingRequiredArgument() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "  name    = \"cloud-builds\"\n", "");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "google_pubsub_topic.cloud_builds: name: missing required argument");
  }

  @Test
  void argumentWrittenAsABlock() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "  substitutions = {\n    _SERVICES", "  substitutions {\n    _SERVICES");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "google_cloudbuild_trigger.monorepo: substitutions: is an argument, written as a block");
  }

  @Test
  void blockWrittenAsAnArgument() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"),
        "  schema_settings {\n    schema   = google_pubsub_schema.release.id", "  schema_settings = {\n    schema   = google_pubsub_schema.release.id");
    assertProblem(schemaProblems("modules/release-hub"),
        "google_pubsub_topic.releases: schema_settings: is a block, written as an argument");
  }

  @Test
  void unknownBlock() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "  versioning {\n", "  versionning {\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "google_storage_bucket.function_sources: versionning: unknown block");
  }

  @Test
  void unknownArgumentInANestedBlock() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "    encoding = \"JSON\"\n", "    encoding = \"JSON\"\n    format   = \"AVRO\"\n");
    assertProblem(schemaProblems("modules/release-hub"), "google_pubsub_topic.releases: schema_settings.format: unknown argument");
  }

  @Test
  void enumLiteralTheProviderRejects() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "    encoding = \"JSON\"\n", "    encoding = \"JSON_UTF8\"\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "google_pubsub_topic.releases: schema_settings.encoding: the value is 'JSON_UTF8'",
        "not one of the provider's values [ENCODING_UNSPECIFIED, JSON, BINARY]");
  }

  @Test
  void enumValueInAConditionalBranch() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"),
        "  type                    = \"FIRESTORE_NATIVE\"\n", "  type                    = var.firestore_location == \"eur3\" ? \"FIRESTORE_NATIVE\" : \"NATIVE\"\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "google_firestore_database.relay: type: the value is 'NATIVE', which is not one of the provider's values");
  }

  @Test
  void variableWhoseValidationAdmitsAValueTheEnumLacks() {
    // The defect this check found: deploy_repo_type admits GITLAB, repo_type does not take it.
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "    repo_type  = local.repo_types[var.deploy_repo_type]\n", "    repo_type  = var.deploy_repo_type\n");
    assertProblem(schemaProblems("modules/client-environment"),
        "modules/client-environment/main.tf:", "google_cloudbuild_trigger.deploy: source_to_build.repo_type: var.deploy_repo_type admits (validation in variables.tf:",
        "'GITLAB', which is not one of the provider's values [UNKNOWN, CLOUD_SOURCE_REPOSITORIES, GITHUB, BITBUCKET_SERVER]");
  }

  @Test
  void variableWithoutValidationFeedingAnEnum() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"),
        "    repo_type  = local.repo_types[var.monorepo_repo_type]\n", "    repo_type  = var.monorepo_branch\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "google_cloudbuild_trigger.monorepo: source_to_build.repo_type: var.monorepo_branch (variables.tf:", "has no validation");
  }

  @Test
  void localMapToAValueTheEnumLacks() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "    GITLAB                    = \"UNKNOWN\"", "    GITLAB                    = \"GITLAB\"");
    List<String> problems = schemaProblems("modules/release-hub");
    assertProblem(problems, "google_cloudbuild_trigger.monorepo: source_to_build.repo_type: local.repo_types (main.tf:", "maps GITLAB to 'GITLAB'");
    assertProblem(problems, "google_cloudbuild_trigger.monorepo: git_file_source.repo_type: local.repo_types");
  }

  @Test
  void dynamicBlockIsCheckedLikeTheBlock() {
    Path main = terraform.resolve("modules/client-environment/main.tf");
    Repo.replace(main, "  dynamic \"workload_identity_config\" {\n    for_each = local.autopilot ? [] : [1]\n    content {\n",
        "  dynamic \"workload_identity_config\" {\n    for_each = local.autopilot ? [] : [1]\n    content {\n      identity_namespace = \"x\"\n");
    Repo.replace(main, "  dynamic \"cluster_autoscaling\" {", "  dynamic \"cluster_autoscale\" {");
    List<String> problems = schemaProblems("modules/client-environment");
    assertProblem(problems, "google_container_cluster.client: workload_identity_config.identity_namespace: unknown argument");
    assertProblem(problems, "google_container_cluster.client: cluster_autoscale: unknown block");
  }

  // ------------------------------------------------------------------------------------------
  // The github provider's schema, provider blocks and provider pins
  // ------------------------------------------------------------------------------------------

  List<String> allSchemaProblems(String relative) {
    return ProviderSchemaCheck.check(terraform.resolve(relative), relative, ProviderSchema.all());
  }

  @Test
  void githubResourceWithAnArgumentItDoesNotTake() {
    Repo.replace(terraform.resolve("modules/github-deploy-repo/main.tf"), "  visibility  = var.visibility\n", "  visibilty   = var.visibility\n");
    List<String> problems = allSchemaProblems("modules/github-deploy-repo");
    assertProblem(problems, "modules/github-deploy-repo/main.tf:", "github_repository.deploy: visibilty: unknown argument");
  }

  @Test
  void githubResourceMissingARequiredArgument() {
    Repo.replace(terraform.resolve("modules/github-deploy-repo/main.tf"), "  file                = each.key\n", "");
    assertProblem(allSchemaProblems("modules/github-deploy-repo"), "github_repository_file.template: file: missing required argument");
  }

  @Test
  void gitlabFileWithoutItsEncoding() {
    Repo.replace(terraform.resolve("modules/gitlab-deploy-repo/main.tf"), "  encoding            = \"text\"\n", "");
    assertProblem(allSchemaProblems("modules/gitlab-deploy-repo"), "gitlab_repository_file.template: encoding: missing required argument");
  }

  @Test
  void gitlabDataSourceWithAnArgumentItDoesNotTake() {
    Repo.replace(terraform.resolve("modules/gitlab-deploy-repo/main.tf"), "  full_path = var.namespace\n", "  path = var.namespace\n");
    assertProblem(allSchemaProblems("modules/gitlab-deploy-repo"), "data.gitlab_group.namespace: path: unknown argument");
  }

  @Test
  void resourceOfAProviderNothingChecks() {
    Repo.replace(terraform.resolve("modules/github-deploy-repo/main.tf"), "resource \"github_repository\" \"deploy\" {",
        "resource \"bitbucket_repository\" \"deploy\" {");
    assertProblem(allSchemaProblems("modules/github-deploy-repo"), "bitbucket_repository.deploy: no provider schema checks bitbucket_repository");
    // Checked against the google schema alone, the github resources are not skipped either.
    assertProblem(schemaProblems("modules/github-deploy-repo"), "github_repository_file.template: no provider schema checks github_repository_file");
  }

  @Test
  void providerBlockWithAnArgumentTheProviderDoesNotTake() {
    Repo.replace(terraform.resolve("environments/production/versions.tf"), "  owner = var.github_owner\n", "  ownr = var.github_owner\n");
    assertProblem(allSchemaProblems("environments/production"), "environments/production/versions.tf:", "provider \"github\": ownr: unknown argument");
  }

  @Test
  void providerPinnedBelowTheCheckedSchema() {
    Repo.replace(terraform.resolve("modules/github-deploy-repo/versions.tf"), "version = \"~> 6.9\"", "version = \"~> 5.0\"");
    assertProblem(TerraformChecks.providerPins(module("modules/github-deploy-repo")),
        "required_providers.github: version ~> 5.0 does not admit integrations/github 6.9.0");
  }

  @Test
  void providerUsedButNotRequired() {
    Repo.replace(terraform.resolve("environments/production/versions.tf"), "    github = {\n      source  = \"integrations/github\"\n      version = \"~> 6.9\"\n    }\n", "");
    assertProblem(TerraformChecks.providerPins(module("environments/production")),
        "provider github uses provider github, which versions.tf's required_providers does not pin");
  }

  @Test
  void requiredProviderNothingChecks() {
    Repo.replace(terraform.resolve("modules/github-deploy-repo/versions.tf"), "source  = \"integrations/github\"", "source  = \"DrFaust92/bitbucket\"");
    assertProblem(TerraformChecks.providerPins(module("modules/github-deploy-repo")),
        "required_providers.github: its source is not a provider terraform-checks check");
  }

  @Test
  void resourceTypeTheProviderDoesNotHave() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "data \"google_project\" \"hub\"", "data \"google_projects_info\" \"hub\"");
    assertProblem(schemaProblems("modules/release-hub"), "data.google_projects_info.hub: the google provider 6.50.0 has no data source google_projects_info");
  }

  @Test
  void binaryAuthorizationEnforcementTheProviderDoesNotTake() {
    Repo.replace(terraform.resolve("modules/client-environment/variables.tf"),
        "contains([\"ENFORCED_BLOCK_AND_AUDIT_LOG\", \"DRYRUN_AUDIT_LOG_ONLY\"], var.binary_authorization_enforcement)",
        "contains([\"ENFORCED_BLOCK_AND_AUDIT_LOG\", \"DRYRUN\"], var.binary_authorization_enforcement)");
    assertProblem(schemaProblems("modules/client-environment"),
        "google_binary_authorization_policy.client: default_admission_rule.enforcement_mode: var.binary_authorization_enforcement admits",
        "'DRYRUN', which is not one of the provider's values [ENFORCED_BLOCK_AND_AUDIT_LOG, DRYRUN_AUDIT_LOG_ONLY]");
  }

  @Test
  void movedToAResourceThatIsNotDeclared() {
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"),
        "  to   = google_pubsub_topic.release_commands\n", "  to   = google_pubsub_topic.release_command\n");
    assertProblem(schemaProblems("modules/release-hub"),
        "modules/release-hub/main.tf:", "moved: to = google_pubsub_topic.release_command names no resource of this module");
  }

  @Test
  void movedFromAResourceThatIsStillDeclared() {
    Repo.replace(terraform.resolve("modules/client-environment/main.tf"),
        "  from = google_pubsub_subscription.commands\n", "  from = google_pubsub_subscription.releases\n");
    assertProblem(schemaProblems("modules/client-environment"),
        "moved: from = google_pubsub_subscription.releases is still declared");
  }

  @Test
  void movedIntoAModuleFollowsTheCallsSource() {
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "  to   = module.release_status.google_cloudfunctions2_function.function\n",
        "  to   = module.release_status.google_cloudfunctions2_function.status\n");
    Repo.replace(terraform.resolve("modules/release-hub/functions.tf"),
        "  to   = module.push_webhook.google_cloudfunctions2_function.function\n",
        "  to   = module.push_webhook.google_pubsub_topic.function\n");
    List<String> problems = schemaProblems("modules/release-hub");
    assertProblem(problems, "to = module.release_status.google_cloudfunctions2_function.status names no resource");
    assertProblem(problems, "moves a google_cloudfunctions2_function to a google_pubsub_topic");
  }

  @Test
  void metaArgumentsAreNotSchemaProblems() {
    // count, for_each, depends_on, provider and lifecycle are Terraform's, in no provider schema.
    Repo.replace(terraform.resolve("modules/release-hub/main.tf"), "  name    = \"cloud-builds\"\n",
        "  name    = \"cloud-builds\"\n  count   = 1\n  provider = google\n\n  lifecycle {\n    prevent_destroy = true\n  }\n");
    assertEquals(List.of(), schemaProblems("modules/release-hub"));
  }
}
