package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.DeployImages;
import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.planner.ServiceVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the client-repo template's production overlay after pinning images by digest the way its
 * cloudbuild.yaml does (scripts/set-images.sh), with _IMAGES and _SERVICES exactly as client-deployer
 * writes them. Skipped where kubectl or bash is not installed (.ci/run installs kubectl).
 */
class KustomizeOverlayTest {
  static final String BILLING = "europe-west2-docker.pkg.dev/relay-hub-prod/relay/billing";
  static final String PORTAL = BILLING.replace("/billing", "/portal");
  static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  static final String PORTAL_DIGEST = "sha256:" + "fedcba9876543210".repeat(4);

  @TempDir
  Path temp;

  Path repo;

  @BeforeEach
  void copy() {
    assumeTrue(Commands.onPath("kubectl"), "kubectl is not installed");
    assumeTrue(Commands.onPath("bash"), "bash is not installed");
    repo = temp.resolve("client-repo");
    Repo.copyTree(Repo.terraform().resolve("examples/client-repo"), repo);
  }

  Commands.Result setImages(String images, String services) {
    return Commands.run(repo, Map.of("OVERLAY", "k8s/overlays/production", "IMAGES", images, "SERVICES", services,
        "RELEASE_ID", "2026.11.24-1a2b3c4"), List.of("bash", "scripts/set-images.sh"));
  }

  Commands.Result render() {
    return Commands.run(repo, Map.of(), List.of("kubectl", "kustomize", "k8s/overlays/production"));
  }

  /**
   * The deploy trigger's substitutions for a release of these services, printed by the type
   * client-deployer writes them with (DeploySubstitutions), so the format tested is the one the Java
   * code writes, not a copy of it.
   */
  static Map<String, String> deploySubstitutions(Map<String, ServiceVersion> images) {
    ClientDefinition client = ClientDefinitions.loadFile(Repo.root().resolve("clients/essence.yaml"));
    Map<String, ImageRef> refs = new LinkedHashMap<>();
    images.forEach((service, version) -> refs.put(service, version.imageRef()));
    return new DeploySubstitutions("2026.11.24-1a2b3c4", "2026.11.24-1a2b3c4", DeploymentKind.RELEASE,
        List.copyOf(images.keySet()), new DeployImages(refs), client.cluster().name(), client.cluster().location())
        .toMap();
  }

  /** Pins, renders and checks every image of the deployed services; returns the problems. */
  List<String> deployAndCheck(Map<String, ServiceVersion> images) {
    Map<String, String> substitutions = deploySubstitutions(images);
    Commands.Result set = setImages(substitutions.get("_IMAGES"), substitutions.get("_SERVICES"));
    assertEquals(0, set.exitCode(), set.output());
    Commands.Result rendered = render();
    assertEquals(0, rendered.exitCode(), rendered.output());
    Map<String, String> expected = new LinkedHashMap<>();
    images.forEach((service, version) -> expected.put(service, version.reference()));
    return OverlayImages.problems(rendered.output(), "kubectl kustomize k8s/overlays/production", expected);
  }

  static final Map<String, ServiceVersion> RELEASE = orderedImages(
      "billing", new ServiceVersion("2026.11.24-1a2b3c4", 1L, BILLING, DIGEST),
      "portal", new ServiceVersion("2026.11.24-1a2b3c4", 1L, PORTAL, PORTAL_DIGEST));

  static Map<String, ServiceVersion> orderedImages(Object... pairs) {
    Map<String, ServiceVersion> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (ServiceVersion) pairs[i + 1]);
    }
    return map;
  }

  @Test
  void everyImageOfTheDeployedServicesIsPinnedByTheDigestClientDeployerSends() {
    Map<String, String> substitutions = deploySubstitutions(RELEASE);
    assertEquals("billing=" + BILLING + "@" + DIGEST + ",portal=" + PORTAL + "@" + PORTAL_DIGEST,
        substitutions.get("_IMAGES"), "the _IMAGES format set-images.sh reads");
    assertEquals(List.of(), deployAndCheck(RELEASE));
    String yaml = render().output();
    assertTrue(yaml.contains("image: reports\n"), "reports is not in the release: it keeps its placeholder\n" + yaml);
  }

  @Test
  void anImageTheOverlayDoesNotPinIsReported() {
    // The base's placeholder no longer matches the service name: kustomize leaves it alone.
    Repo.replace(repo.resolve("k8s/base/billing.yaml"), "          image: billing\n", "          image: billing-app\n");
    List<String> problems = deployAndCheck(RELEASE);
    SeededMistakesTest.assertProblem(problems, "kubectl kustomize k8s/overlays/production:",
        "Deployment production/billing spec.template.spec.containers[0] (billing).image is 'billing-app', not "
            + BILLING + "@" + DIGEST, "not pinned by digest");
  }

  @Test
  void aSidecarWithATagIsReported() {
    Repo.replace(repo.resolve("k8s/base/portal.yaml"), "      containers:\n",
        "      containers:\n        - name: proxy\n          image: nginx:1.27\n");
    List<String> problems = deployAndCheck(RELEASE);
    SeededMistakesTest.assertProblem(problems, "Deployment production/portal spec.template.spec.containers[0] (proxy).image",
        "'nginx:1.27'", "not pinned by digest");
  }

  @Test
  void rendersTheDigest() {
    Commands.Result set = setImages("billing=" + BILLING + "@" + DIGEST + ",portal=x/portal@" + PORTAL_DIGEST, "billing");
    assertEquals(0, set.exitCode(), set.output());

    Commands.Result rendered = render();
    assertEquals(0, rendered.exitCode(), rendered.output());
    String yaml = rendered.output();
    assertTrue(yaml.contains("image: " + BILLING + "@" + DIGEST), yaml);
    assertFalse(yaml.contains(PORTAL_DIGEST), "portal is not in _SERVICES, so its image stays unpinned");
    assertTrue(yaml.contains("namespace: production"), yaml);
  }

  @Test
  void allServicesWhenServicesIsAll() {
    Commands.Result set = setImages("billing=" + BILLING + "@" + DIGEST + ",portal=x/portal@" + PORTAL_DIGEST, "all");
    assertEquals(0, set.exitCode(), set.output());
    String yaml = render().output();
    assertTrue(yaml.contains("image: " + BILLING + "@" + DIGEST), yaml);
    assertTrue(yaml.contains("image: x/portal@" + PORTAL_DIGEST), yaml);
  }

  @Test
  void refusesAnImageWithoutADigest() {
    Commands.Result set = setImages("billing=" + BILLING + ":latest", "");
    assertNotEquals(0, set.exitCode(), set.output());
    assertTrue(set.output().contains("bad _IMAGES entry"), set.output());
  }

  @Test
  void refusesAMalformedDigest() {
    Commands.Result set = setImages("billing=" + BILLING + "@sha256:abc", "");
    assertNotEquals(0, set.exitCode(), set.output());
    assertTrue(set.output().contains("bad digest for billing"), set.output());
  }
}
