package com.twosixty.relay.rollout;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's release-rollout (README: Waves): fed by {@code deployments} (every client's progress),
 * a scheduler's tick (time passing: soak times ending) and the rollout's commands ({@code promote},
 * {@code halt}, {@code resume} with no client). It evaluates the gates ({@link RolloutGates}), opens
 * waves in {@code rollouts/{releaseId}} ({@link RolloutProgress}, in a transaction), wakes each
 * client of an opened wave with a {@code promote} addressed to it on {@code release-commands}, and
 * announces a halt with one HALTED event on {@code deployments}. What it publishes is marked in the
 * document once sent, so a failed publish is sent again by the redelivery or the next tick.
 */
public final class RolloutCoordinator {
  private static final StructuredLog LOG = StructuredLog.forComponent("release-rollout");
  /** {@code by} of the wake-ups; {@code client} of an operator's halt event. */
  public static final String HUB = "hub";
  public static final String WAKE_BY = "release-rollout";

  private final Map<String, Integer> waves = new LinkedHashMap<>();
  private final RolloutPolicy policy;
  private final RolloutLedger ledger;
  private final EventPublisher publisher;
  private final String commandsTopic;
  private final String deploymentsTopic;
  private final Clock clock;

  /** @throws IllegalStateException a client file in a wave the policy does not have */
  public RolloutCoordinator(List<ClientDefinition> clients, RolloutPolicy policy, RolloutLedger ledger, EventPublisher publisher,
      String commandsTopic, String deploymentsTopic, Clock clock) {
    clients.forEach(c -> waves.put(c.id(), policy.waveOf(c.id(), c.fileWave())));
    this.policy = policy;
    this.ledger = ledger;
    this.publisher = publisher;
    this.commandsTopic = commandsTopic;
    this.deploymentsTopic = deploymentsTopic;
    this.clock = clock;
  }

  /** A client's deployment event: the release's rollout may have moved. */
  public void onDeployment(DeploymentEvent event) {
    if (!policy.staged() || event.status() == DeploymentStatus.HALTED || !waves.containsKey(event.client())) {
      return;
    }
    advance(event.releaseId());
  }

  /** The scheduler's tick: every rollout that still has something to do. */
  public void onTick() {
    if (!policy.staged()) {
      return;
    }
    for (String releaseId : ledger.active()) {
      advance(releaseId);
    }
  }

  /**
   * A rollout's command (no client): {@code halt} records the operator's halt, {@code resume} clears
   * a halt (failures before it no longer halt), {@code promote} lets the next closed wave start
   * without the rest of the soak. Commands for a client are the deployers'; ignored here.
   *
   * @return why the command changed nothing, or empty when it applied
   */
  public Optional<String> onCommand(Command command) {
    if (!command.client().isEmpty() || !command.command().forRollout()) {
      return Optional.of("not a rollout's command");
    }
    if (!policy.staged()) {
      return Optional.of("no waves: the hub's RELAY_ROLLOUT has one wave");
    }
    Optional<ReleaseDocument> release = ledger.release(command.releaseId());
    if (release.isEmpty()) {
      return Optional.of("unknown release " + command.releaseId());
    }
    Instant now = clock.instant();
    RolloutDocument before = ledger.rollout(command.releaseId());
    Optional<String> refusal = switch (command.command()) {
      case HALT -> before.control().halt().isPresent() ? Optional.of("already halted: " + before.control().halt().get().reason())
          : Optional.<String>empty();
      case RESUME -> before.control().halt().isEmpty() ? Optional.of("not halted") : Optional.<String>empty();
      case PROMOTE -> before.control().halt().isPresent() ? Optional.of("halted: resume it first")
          : nextClosedWave(before).isEmpty() ? Optional.of("every wave is open") : Optional.<String>empty();
      default -> Optional.of("not a rollout's command");
    };
    if (refusal.isPresent()) {
      LOG.warn("rollout command refused: " + refusal.get(), "command", command.command().wireName(),
          "releaseId", command.releaseId(), "by", command.by());
      return refusal;
    }
    Channel channel = channel(release.get());
    ledger.update(command.releaseId(), doc -> {
      RolloutControl control = switch (command.command()) {
        case HALT -> doc.control().halt().isPresent() ? doc.control()
            : doc.control().halted(new RolloutControl.Halt("", command.reason().isBlank() ? "halted by an operator" : command.reason(),
                command.by(), now));
        case RESUME -> doc.control().halt().isEmpty() ? doc.control() : doc.control().resumed(now);
        default -> nextClosedWave(doc).map(doc.control()::withPromoted).orElse(doc.control());
      };
      return RolloutProgress.settle(doc, release.get().sequence(), channel, policy, control, doc.waitingFor(), now);
    });
    LOG.info("rollout " + command.command().wireName() + " applied", "releaseId", command.releaseId(), "by", command.by());
    advance(command.releaseId());
    return Optional.empty();
  }

  private Optional<Integer> nextClosedWave(RolloutDocument doc) {
    for (int wave = 2; wave <= policy.waves(); wave++) {
      if (!doc.control().isOpen(wave)) {
        return Optional.of(wave);
      }
    }
    return Optional.empty();
  }

  /** Evaluates the release's gates now, records what changed, then sends what is still unsent. */
  public void advance(String releaseId) {
    Optional<ReleaseDocument> release = ledger.release(releaseId);
    if (release.isEmpty()) {
      LOG.info("rollout not advanced: release not stored yet", "releaseId", releaseId);
      return;
    }
    Instant now = clock.instant();
    Map<String, DeploymentDocument> deployments = ledger.deployments(releaseId);
    List<ClientStanding> standings = waves.entrySet().stream()
        .map(e -> Standings.of(e.getKey(), e.getValue(), Optional.ofNullable(deployments.get(e.getKey())))).toList();
    Channel channel = channel(release.get());
    RolloutDocument before = ledger.rollout(releaseId);
    RolloutDocument planned = RolloutProgress.advance(before, release.get().sequence(), channel, policy, standings, now);
    RolloutDocument after = planned.equals(before) ? before
        : ledger.update(releaseId, doc -> RolloutProgress.advance(doc, release.get().sequence(), channel, policy, standings, now));
    after.control().opened().forEach((wave, at) -> {
      if (!before.control().opened().containsKey(wave)) {
        LOG.info("wave opened", "releaseId", releaseId, "wave", String.valueOf(wave));
      }
    });
    announceHalt(after);
    wake(after);
  }

  private void wake(RolloutDocument doc) {
    List<Integer> toWake = RolloutProgress.toWake(doc);
    if (toWake.isEmpty()) {
      return;
    }
    for (int wave : toWake) {
      for (Map.Entry<String, Integer> client : waves.entrySet()) {
        if (client.getValue() == wave) {
          publisher.publish(commandsTopic, new Command(CommandType.PROMOTE, client.getKey(), doc.releaseId(), "", WAKE_BY,
              "wave " + wave + " opened"), "");
        }
      }
    }
    ledger.update(doc.releaseId(), d -> RolloutProgress.woken(d, toWake, policy));
    LOG.info("woke the clients of opened waves", "releaseId", doc.releaseId(), "waves", toWake.toString());
  }

  private void announceHalt(RolloutDocument doc) {
    if (doc.control().halt().isEmpty() || !doc.haltAnnounced().isEmpty()) {
      return;
    }
    RolloutControl.Halt halt = doc.control().halt().get();
    String client = halt.client().isEmpty() ? HUB : halt.client();
    String eventId = EventIds.rolloutHalted(client, doc.releaseId(), halt.at().toString());
    publisher.publish(deploymentsTopic, new DeploymentEvent(client, doc.releaseId(), List.of(), DeploymentStatus.HALTED,
        halt.reason() + " (" + halt.by() + ")", "", "", halt.at().toString()), client, eventId);
    ledger.update(doc.releaseId(), d -> RolloutProgress.haltAnnounced(d, eventId, policy));
    LOG.warn("rollout halted: " + halt.reason(), "releaseId", doc.releaseId(), "client", halt.client(), "by", halt.by());
  }

  private static Channel channel(ReleaseDocument release) {
    return Channel.fromWire(release.channel()).orElse(Channel.STABLE);
  }
}
