package com.twosixty.relay.terraform;

import static com.twosixty.relay.terraform.SeededMistakesTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each cloudbuild.yaml check fails on a deliberately broken copy of the file, naming file, line and field. */
class CloudBuildSeededMistakesTest {
  static final String MONOREPO = CloudBuildFilesTest.MONOREPO;
  static final String CLIENT_REPO = CloudBuildFilesTest.CLIENT_REPO;

  /** The file with the first {@code from} replaced by {@code to} (pairs), read as Cloud Build reads it. */
  static CloudBuildConfig broken(String relative, String... fromTo) {
    String text = Repo.read(Repo.root().resolve(relative));
    for (int i = 0; i < fromTo.length; i += 2) {
      int at = text.indexOf(fromTo[i]);
      if (at < 0) {
        throw new IllegalStateException(relative + " does not contain: " + fromTo[i]);
      }
      text = text.substring(0, at) + fromTo[i + 1] + text.substring(at + fromTo[i].length());
    }
    return CloudBuildConfig.parse(text, relative);
  }

  static int lineOf(String relative, String text) {
    String source = Repo.read(Repo.root().resolve(relative));
    return source.substring(0, source.indexOf(text)).split("\n", -1).length;
  }

  static List<String> monorepoProblems(CloudBuildConfig config) {
    List<String> problems = new ArrayList<>(config.problems());
    problems.addAll(CloudBuildSubstitutions.check(config, CloudBuildSubstitutions.monorepo(Repo.terraform())));
    return problems;
  }

  static List<String> deployProblems(CloudBuildConfig config) {
    List<String> problems = new ArrayList<>(config.problems());
    problems.addAll(CloudBuildSubstitutions.check(config, CloudBuildSubstitutions.deploy(Repo.terraform())));
    return problems;
  }

  @Test
  void unknownFieldInABuildStep() {
    int line = lineOf(MONOREPO, "    waitFor: ['check-services']");
    CloudBuildConfig config = broken(MONOREPO, "    waitFor: ['check-services']", "    waitfor: ['check-services']");
    assertNull(config.build(), "protobuf's parser must refuse it too");
    assertProblem(config.problems(), "cloudbuild.yaml:" + line + ": steps[2] (id billing).waitfor",
        "unknown field 'waitfor'", "BuildStep has no such field", "did you mean 'waitFor'?");
  }

  @Test
  void unknownTopLevelField() {
    CloudBuildConfig config = broken(CLIENT_REPO, "options:\n", "option:\n");
    assertProblem(config.problems(), CLIENT_REPO + ":", ": option: unknown field 'option': Build has no such field");
  }

  @Test
  void snakeCaseFieldNamesAreWhatCloudBuildAlsoTakes() {
    CloudBuildConfig config = broken(MONOREPO, "    waitFor: ['check-services']", "    wait_for: ['check-services']");
    assertEquals(List.of(), config.problems());
    assertEquals(List.of("check-services"), config.build().getSteps(2).getWaitForList());
  }

  @Test
  void numberWhereCloudBuildWantsADurationString() {
    CloudBuildConfig config = broken(CLIENT_REPO, "timeout: 1800s", "timeout: 1800");
    assertProblem(config.problems(), CLIENT_REPO + ":", ": timeout: must be a Duration string such as 1200s",
        "the number 1800", "write seconds with an s");
  }

  @Test
  void numberOrYaml11BooleanWhereCloudBuildWantsAString() {
    CloudBuildConfig number = broken(MONOREPO, "args: ['.ci/monorepo/service', 'billing', 'billing/']",
        "args: ['.ci/monorepo/service', 'billing', 8080]");
    assertProblem(number.problems(), "steps[2] (id billing).args[2]: must be a string", "the number 8080");

    CloudBuildConfig yes = broken(CLIENT_REPO, "  _DEPLOY_KIND: release", "  _DEPLOY_KIND: on");
    assertProblem(yes.problems(), CLIENT_REPO + ":", "substitutions._DEPLOY_KIND: must be a string", "'on'", "boolean");
  }

  @Test
  void undeclaredUserSubstitution() {
    int line = lineOf(MONOREPO, "      - 'IMAGE_BASE=${_IMAGE_BASE}'");
    CloudBuildConfig config = broken(MONOREPO, "      - 'IMAGE_BASE=${_IMAGE_BASE}'", "      - 'IMAGE_BASE=${_IMAGE_BSE}'");
    assertProblem(monorepoProblems(config), "cloudbuild.yaml:" + line + ": steps[2] (id billing).env[1]",
        "uses ${_IMAGE_BSE}, which neither the file's substitutions: nor the monorepo trigger (Terraform) or push-webhook sets");
  }

  @Test
  void branchNameInABuildRunAtACommit() {
    int line = lineOf(MONOREPO, "      - 'BRANCH_NAME=${_BRANCH}'");
    CloudBuildConfig config = broken(MONOREPO, "      - 'BRANCH_NAME=${_BRANCH}'", "      - 'BRANCH_NAME=$BRANCH_NAME'");
    List<String> problems = monorepoProblems(config);
    assertProblem(problems, "cloudbuild.yaml:" + line + ": steps[2] (id billing).env[3]: uses $BRANCH_NAME",
        "does not set here: push-webhook runs it with RunBuildTrigger at the pushed commit", "use ${_BRANCH}");
  }

  @Test
  void tagNameAndUnknownBuiltInInTheDeployBuild() {
    CloudBuildConfig config = broken(CLIENT_REPO, "      - \"PROJECT=${PROJECT_ID}\"",
        "      - \"PROJECT=${PROJECT_ID}\"\n      - \"TAG=$TAG_NAME\"\n      - \"HOME_DIR=$HOME\"");
    List<String> problems = deployProblems(config);
    assertProblem(problems, "steps[2] (id apply).env[", "uses $TAG_NAME", "does not set here");
    assertProblem(problems, "uses $HOME, which is not a Cloud Build substitution", "write $$HOME");
  }

  @Test
  void escapedDollarIsNotASubstitution() {
    CloudBuildConfig config = broken(CLIENT_REPO, "kubectl kustomize k8s/overlays/production | tee",
        "echo $$HOME && kubectl kustomize k8s/overlays/production | tee");
    assertEquals(List.of(), deployProblems(config));
  }

  @Test
  void lowerCaseUserSubstitution() {
    int line = lineOf(CLIENT_REPO, "  _DEPLOY_KIND: release") + 1;
    CloudBuildConfig config = broken(CLIENT_REPO,
        "  _DEPLOY_KIND: release\n", "  _DEPLOY_KIND: release\n  _Region: europe-west2\n",
        "      - \"PROJECT=${PROJECT_ID}\"", "      - \"PROJECT=${PROJECT_ID}\"\n      - \"REGION=${_Region}\"");
    List<String> problems = deployProblems(config);
    assertProblem(problems, CLIENT_REPO + ":" + line + ": substitutions._Region: user substitution '_Region' must be _UPPER_CASE");
    assertProblem(problems, "steps[2] (id apply).env[", "uses ${_Region}: user substitutions must be _UPPER_CASE");
  }

  @Test
  void declaredSubstitutionNeverUsed() {
    int line = lineOf(CLIENT_REPO, "  _DEPLOYMENT_ID: \"\"");
    CloudBuildConfig config = broken(CLIENT_REPO, "      - \"DEPLOYMENT_ID=${_DEPLOYMENT_ID}\"\n", "");
    assertProblem(deployProblems(config), CLIENT_REPO + ":" + line + ": substitutions._DEPLOYMENT_ID: substitution _DEPLOYMENT_ID",
        "is never used", "MUST_MATCH");
  }

  @Test
  void substitutionTheTriggerSetsButTheFileNeverUses() {
    // Every step stops reading _SERVICES, and the file stops declaring it: Terraform still sets it.
    String text = Repo.read(Repo.root().resolve(MONOREPO)).replace("      - 'SERVICES=${_SERVICES}'\n", "")
        .replace("  _SERVICES: all                              # set by push-webhook\n", "");
    List<String> problems = monorepoProblems(CloudBuildConfig.parse(text, MONOREPO));
    assertProblem(problems, "cloudbuild.yaml: substitution _SERVICES (set by Terraform google_cloudbuild_trigger.monorepo",
        "is never used", "MUST_MATCH");
  }

  @Test
  void looseSubstitutionsSwitchTheUnusedCheckOff() {
    CloudBuildConfig config = broken(CLIENT_REPO, "      - \"DEPLOYMENT_ID=${_DEPLOYMENT_ID}\"\n", "",
        "options:\n", "options:\n  substitutionOption: ALLOW_LOOSE\n");
    assertEquals(List.of(), config.problems());
    assertEquals(List.of(), deployProblems(config));
  }
}
