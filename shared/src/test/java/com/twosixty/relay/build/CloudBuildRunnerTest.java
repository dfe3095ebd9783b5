package com.twosixty.relay.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.cloudbuild.v1.ListBuildsResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The requests CloudBuildRunner sends for a deploy trigger named in full: a regional trigger (a deploy
 * repo on a Cloud Build 2nd-gen connection) has its builds in its region, so listing and cancelling
 * them names that region; a bare trigger name stays global. Cloud Build has no emulator: its client is
 * a Mockito mock that records the requests.
 */
class CloudBuildRunnerTest {
  final List<ListBuildsRequest> lists = new CopyOnWriteArrayList<>();
  final List<CancelBuildRequest> cancels = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  CloudBuildRunner runner() {
    CloudBuildClient client = mock(CloudBuildClient.class);
    UnaryCallable<ListBuildsRequest, ListBuildsResponse> list = mock(UnaryCallable.class);
    when(client.listBuildsCallable()).thenReturn(list);
    when(list.call(any(ListBuildsRequest.class))).thenAnswer(invocation -> {
      lists.add(invocation.getArgument(0));
      return ListBuildsResponse.newBuilder().addBuilds(Build.newBuilder().setId("b-1").putSubstitutions("_DEPLOYMENT_ID", "d-1")).build();
    });
    UnaryCallable<CancelBuildRequest, Build> cancel = mock(UnaryCallable.class);
    when(client.cancelBuildCallable()).thenReturn(cancel);
    when(cancel.call(any(CancelBuildRequest.class))).thenAnswer(invocation -> {
      cancels.add(invocation.getArgument(0));
      return Build.newBuilder().setStatus(Build.Status.CANCELLED).build();
    });
    return CloudBuildRunner.over(client);
  }

  @Test
  void aRegionalTriggersBuildsAreListedAndCancelledInItsRegion() {
    CloudBuildRunner runner = runner();
    String trigger = "projects/relay-globex-prod/locations/europe-west2/triggers/4f1c";
    assertEquals(Optional.of("b-1"), runner.findRecentBuild("relay-globex-prod", trigger, "_DEPLOYMENT_ID", "d-1"));
    runner.cancel("relay-globex-prod", trigger, "b-1");

    assertEquals("projects/relay-globex-prod/locations/europe-west2", lists.get(0).getParent());
    assertEquals("trigger_id=\"4f1c\"", lists.get(0).getFilter());
    assertEquals("projects/relay-globex-prod/locations/europe-west2/builds/b-1", cancels.get(0).getName());
    assertEquals("b-1", cancels.get(0).getId());
  }

  @Test
  void aGlobalTriggerStaysGlobal() {
    CloudBuildRunner runner = runner();
    runner.findRecentBuild("relay-essence-prod", "relay-deploy", "_DEPLOYMENT_ID", "d-1");
    runner.cancel("relay-essence-prod", "relay-deploy", "b-1");
    runner.cancel("relay-essence-prod", "b-2");

    assertEquals("", lists.get(0).getParent());
    assertEquals("projects/relay-essence-prod/locations/global/builds/b-1", cancels.get(0).getName());
    assertEquals("projects/relay-essence-prod/locations/global/builds/b-2", cancels.get(1).getName());
  }

  @Test
  void theLocationIsReadFromAFullTriggerNameOnly() {
    assertEquals("europe-west2", CloudBuildRunner.location("projects/p/locations/europe-west2/triggers/t"));
    assertEquals("global", CloudBuildRunner.location("projects/p/locations/global/triggers/t"));
    assertEquals("global", CloudBuildRunner.location("relay-deploy"));
  }
}
