package com.twosixty.relay.planner;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Release;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for one client, what to do with each service of a release. Pure: the same inputs give
 * the same plan. Rules in the order they win: channel, services the client runs, pins, never a
 * downgrade (nor the same release twice), the wave's gate, freeze (operator or window), approval.
 */
public final class ReleasePlanner {
  private ReleasePlanner() {}

  /**
   * @param approved an operator approved this release (only matters for manual clients)
   */
  public static Plan plan(Release release, ClientDefinition client, ClientState state, Instant now, boolean approved) {
    return plan(release, client, state, now, approved, Optional.empty());
  }

  /**
   * As above, with the client's wave gate (issue 22): while it is closed ({@code waveWait} says what
   * it waits for), a service that would deploy or wait for approval waits for the wave instead. The
   * gate comes after the rules that decide not to take the release at all (channel, services, pins,
   * not newer), and before freeze and approval: a frozen client in a closed wave waits, and is
   * planned again, frozen or not, when its wave opens; manual approval applies on top, once it has.
   */
  public static Plan plan(Release release, ClientDefinition client, ClientState state, Instant now, boolean approved,
      Optional<String> waveWait) {
    boolean channelAccepted = client.channel().accepts(release.channel());
    boolean frozen = state.frozen() || client.freeze().stream().anyMatch(w -> w.covers(now));
    boolean needsApproval = client.approval() == ClientDefinition.Approval.MANUAL && !approved;
    List<ServiceDecision> decisions = new ArrayList<>();
    for (Release.ServiceImage image : release.services()) {
      String service = image.name();
      Optional<String> pin = pin(client, state, service);
      Optional<ServiceVersion> current = state.target(service);
      if (!channelAccepted) {
        decisions.add(ServiceDecision.skip(service, ServiceDecision.CHANNEL));
      } else if (!client.runs(service)) {
        decisions.add(ServiceDecision.skip(service, ServiceDecision.NOT_RUN_BY_CLIENT));
      } else if (pin.isPresent() && !pin.get().equals(release.releaseId())) {
        decisions.add(ServiceDecision.skip(service, ServiceDecision.PINNED));
      } else if (current.isPresent() && release.sequence() <= current.get().sequence()) {
        decisions.add(ServiceDecision.skip(service, ServiceDecision.NOT_NEWER));
      } else if (waveWait.isPresent()) {
        decisions.add(ServiceDecision.waitForWave(service, waveWait.get()));
      } else if (frozen) {
        decisions.add(ServiceDecision.skip(service, ServiceDecision.FROZEN));
      } else if (needsApproval) {
        decisions.add(ServiceDecision.awaitApproval(service));
      } else {
        decisions.add(ServiceDecision.deploy(service));
      }
    }
    return new Plan(decisions);
  }

  /** A runtime pin overrides the file's; a runtime "" means an operator unpinned it. */
  private static Optional<String> pin(ClientDefinition client, ClientState state, String service) {
    String runtime = state.runtimePins().get(service);
    if (runtime != null) {
      return runtime.isEmpty() ? Optional.empty() : Optional.of(runtime);
    }
    return Optional.ofNullable(client.pins().get(service));
  }
}
