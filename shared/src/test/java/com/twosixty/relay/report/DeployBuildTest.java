package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeployBuildTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);

  static Build.Builder deployBuild(Build.Status status) {
    return Build.newBuilder().setId("build-1").setStatus(status).addTags("relay-deploy")
        .setLogUrl("https://console.cloud.google.com/cloud-build/builds/build-1")
        .putSubstitutions("_RELEASE_ID", "2026.11.24-1a2b3c4")
        .putSubstitutions("_DEPLOYMENT_ID", "2026.11.24-1a2b3c4")
        .putSubstitutions("_DEPLOY_KIND", "release")
        .putSubstitutions("_SERVICES", "billing,portal")
        .putSubstitutions("_IMAGES", "billing=gcr.io/p/billing@" + DIGEST + ",portal=gcr.io/p/portal@" + DIGEST);
  }

  private static DeployBuild deploy(Build build) {
    return assertInstanceOf(DeployBuild.Deploy.class, DeployBuild.read(build)).build();
  }

  @Test
  void readsTheSubstitutionsClientDeployerSets() {
    DeployBuild build = deploy(deployBuild(Build.Status.WORKING).build());
    assertEquals("2026.11.24-1a2b3c4", build.deploymentId());
    assertEquals(DeploymentKind.RELEASE, build.kind());
    assertEquals(List.of("billing", "portal"), build.services());
    assertEquals(new ImageRef("gcr.io/p/billing", DIGEST), build.images().get("billing"));
  }

  @Test
  void aBuildIsADeployBuildByItsTagOrByItsReleaseId() {
    Build untagged = deployBuild(Build.Status.WORKING).clearTags().build();
    assertEquals("2026.11.24-1a2b3c4", deploy(untagged).releaseId());
    Build monorepo = Build.newBuilder().setId("b").setStatus(Build.Status.SUCCESS).addTags("relay-monorepo").build();
    assertInstanceOf(DeployBuild.NotADeployBuild.class, DeployBuild.read(monorepo));
  }

  @Test
  void theDeploymentIdFallsBackToTheReleaseIdAndServicesToTheImages() {
    Build build = deployBuild(Build.Status.WORKING).removeSubstitutions("_DEPLOYMENT_ID")
        .removeSubstitutions("_DEPLOY_KIND").putSubstitutions("_SERVICES", "all").build();
    DeployBuild read = deploy(build);
    assertEquals("2026.11.24-1a2b3c4", read.deploymentId());
    assertEquals(DeploymentKind.RELEASE, read.kind());
    assertEquals(List.of("billing", "portal"), read.services());
  }

  @ParameterizedTest
  @CsvSource({
      "_RELEASE_ID, '', no _RELEASE_ID",
      "_DEPLOY_KIND, upgrade, _DEPLOY_KIND 'upgrade'",
      "_IMAGES, billing=gcr.io/p/billing:latest, _IMAGES entry",
      "_DEPLOYMENT_ID, a/b, _DEPLOYMENT_ID 'a/b'"})
  void unusableSubstitutionsMakeAnInvalidDeployBuild(String substitution, String value, String expected) {
    Build build = deployBuild(Build.Status.WORKING).putSubstitutions(substitution, value).build();
    String reason = assertInstanceOf(DeployBuild.Invalid.class, DeployBuild.read(build)).reason();
    assertTrue(reason.contains(expected), reason);
  }

  @ParameterizedTest
  @CsvSource({
      "WORKING, STARTED, ''",
      "SUCCESS, SUCCEEDED, ''",
      "FAILURE, FAILED, FAILURE",
      "INTERNAL_ERROR, FAILED, INTERNAL_ERROR",
      "TIMEOUT, FAILED, TIMEOUT",
      "CANCELLED, FAILED, CANCELLED",
      "EXPIRED, FAILED, EXPIRED"})
  void eachBuildStatusReportsItsDeploymentStatus(Build.Status status, DeploymentStatus expected, String reason) {
    assertEquals(Optional.of(new DeployBuild.Progress(expected, reason)), deploy(deployBuild(status).build()).progress());
  }

  @ParameterizedTest
  @CsvSource({"QUEUED", "PENDING", "STATUS_UNKNOWN"})
  void waitingBuildsReportNothing(Build.Status status) {
    assertEquals(Optional.empty(), deploy(deployBuild(status).build()).progress());
  }

  @Test
  void imagesKeepTheirRegistryPort() {
    Build build = deployBuild(Build.Status.WORKING).putSubstitutions("_IMAGES", "billing=localhost:5000/billing@" + DIGEST)
        .putSubstitutions("_SERVICES", "").build();
    assertEquals(Map.of("billing", new ImageRef("localhost:5000/billing", DIGEST)), deploy(build).images());
  }
}
