package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOptions;
import com.google.cloudbuild.v1.BuildStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both cloudbuild.yaml files read as Cloud Build reads them (into its Build message, no unknown field,
 * no value of the wrong type), and every substitution they use or declare agrees with the build that runs
 * them: the Terraform trigger and the Java code that calls RunBuildTrigger.
 */
class CloudBuildFilesTest {
  static final String MONOREPO = "cloudbuild.yaml";
  static final String CLIENT_REPO = "terraform/examples/client-repo/cloudbuild.yaml";

  static CloudBuildConfig load(String relative) {
    return CloudBuildConfig.load(Repo.root().resolve(relative), relative);
  }

  static void assertNoProblems(List<String> problems) {
    assertTrue(problems.isEmpty(), () -> "\n" + String.join("\n", problems));
  }

  @Test
  void monorepoBuildIsABuildMessage() {
    CloudBuildConfig config = load(MONOREPO);
    assertNoProblems(config.problems());
    Build build = config.build();
    assertNotNull(build);
    assertEquals(List.of("check-services", "relay-verify", "billing", "portal", "reports", "branch-tags"),
        build.getStepsList().stream().map(BuildStep::getId).toList());
    assertEquals(3600, build.getTimeout().getSeconds());
    assertTrue(build.getOptions().getDynamicSubstitutions(), "_IMAGE_BASE's default uses ${PROJECT_ID}");
    assertEquals(BuildOptions.LoggingMode.CLOUD_LOGGING_ONLY, build.getOptions().getLogging());
    // The built-by-cloud-build attestation the client clusters' Binary Authorization policy requires.
    assertEquals(BuildOptions.VerifyOption.VERIFIED, build.getOptions().getRequestedVerifyOption());
    // release-publisher reads results.images: one image per service step, each pushed by `images:`.
    assertEquals(List.of("${_IMAGE_BASE}/billing:$SHORT_SHA", "${_IMAGE_BASE}/portal:$SHORT_SHA",
        "${_IMAGE_BASE}/reports:$SHORT_SHA"), build.getImagesList());
  }

  @Test
  void clientRepoBuildIsABuildMessage() {
    CloudBuildConfig config = load(CLIENT_REPO);
    assertNoProblems(config.problems());
    Build build = config.build();
    assertNotNull(build);
    assertEquals(List.of("set-images", "render", "apply"), build.getStepsList().stream().map(BuildStep::getId).toList());
    assertEquals(1800, build.getTimeout().getSeconds());
    // deploy-reporter recognises a deploy build by this tag.
    assertEquals(List.of(com.twosixty.relay.contract.DeploySubstitutions.DEPLOY_TAG), build.getTagsList());
  }

  @Test
  void monorepoSubstitutionsAgreeWithTheTriggerAndPushWebhook() {
    CloudBuildConfig config = load(MONOREPO);
    assertNoProblems(CloudBuildSubstitutions.check(config, CloudBuildSubstitutions.monorepo(Repo.terraform())));
  }

  @Test
  void clientRepoSubstitutionsAgreeWithTheTriggerAndClientDeployer() {
    CloudBuildConfig config = load(CLIENT_REPO);
    assertNoProblems(CloudBuildSubstitutions.check(config, CloudBuildSubstitutions.deploy(Repo.terraform())));
  }

  @Test
  void substitutionNamesAreFoundAsCloudBuildFindsThem() {
    assertEquals(List.of("_A", "SHORT_SHA", "_B"), CloudBuildSubstitutions.names("${_A}/x:$SHORT_SHA-${_B:-all}"));
    assertEquals(List.of(), CloudBuildSubstitutions.names("echo $$HOME $${PATH} costs 5$"));
    assertEquals(List.of("PROJECT_ID"), CloudBuildSubstitutions.names("$$$PROJECT_ID"));
  }
}
