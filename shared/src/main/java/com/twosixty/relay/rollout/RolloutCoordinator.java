package com.twosixty.relay.rollout;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
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
import java.util.concurrent.atomic.AtomicReference;

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
   * without the rest of the soak. Applied or refused, it is recorded once per message id in
   * {@code rollouts/{releaseId}/commands/{messageId}}, in the transaction that applies it, so a
   * redelivery changes nothing and finds the first answer; a command for an unknown release is
   * recorded under the id it named. Commands for a client are the deployers': neither applied nor recorded here.
   *
   * @return the record kept for the message id (the earlier one for a redelivery)
   */
  public RolloutCommandDocument onCommand(Command command, String messageId) {
    Instant now = clock.instant();
    if (!command.client().isEmpty() || !command.command().forRollout()) {
      return RolloutCommandDocument.of(messageId, command, now, Optional.of("not a rollout's command"));
    }
    Optional<ReleaseDocument> release = policy.staged() ? ledger.release(command.releaseId()) : Optional.empty();
    AtomicReference<RolloutCommandDocument> decided = new AtomicReference<>();
    RolloutCommandDocument record = ledger.command(command.releaseId(), messageId, before -> {
      Optional<String> refusal = refusal(command, release, before);
      if (refusal.isPresent()) {
        decided.set(RolloutCommandDocument.of(messageId, command, now, refusal));
        return new RolloutLedger.Handled(before, decided.get());
      }
      RolloutControl control = switch (command.command()) {
        case HALT -> before.control().halted(new RolloutControl.Halt("",
            command.reason().isBlank() ? "halted by an operator" : command.reason(), command.by(), now));
        case RESUME -> before.control().resumed(now);
        default -> before.control().withPromoted(nextClosedWave(before).orElseThrow());
      };
      RolloutDocument after = RolloutProgress.settle(before, release.get().sequence(), channel(release.get()), policy, control,
          before.waitingFor(), now);
      decided.set(RolloutCommandDocument.of(messageId, command, now, Optional.empty()));
      return new RolloutLedger.Handled(after, decided.get());
    });
    if (record != decided.get()) {
      LOG.info("rollout command redelivered: recorded before as " + record.outcome(), "command", command.command().wireName(),
          "releaseId", command.releaseId(), "messageId", messageId);
    } else if (!record.applied()) {
      LOG.warn("rollout command refused: " + record.outcomeReason(), "command", command.command().wireName(),
          "releaseId", command.releaseId(), "by", command.by(), "messageId", messageId);
    } else {
      LOG.info("rollout " + command.command().wireName() + " applied", "releaseId", command.releaseId(), "by", command.by(),
          "messageId", messageId);
    }
    if (!record.applied()) {
      return record;
    }
    // Also for a redelivery of an applied command: what the first delivery failed to send is sent now.
    advance(command.releaseId());
    return record;
  }

  /** Why the command changes nothing in the rollout as it stands, or empty when it applies. */
  private Optional<String> refusal(Command command, Optional<ReleaseDocument> release, RolloutDocument before) {
    if (!policy.staged()) {
      return Optional.of("no waves: the hub's RELAY_ROLLOUT has one wave");
    }
    if (release.isEmpty()) {
      return Optional.of("unknown release " + command.releaseId());
    }
    return switch (command.command()) {
      case HALT -> before.control().halt().isPresent() ? Optional.of("already halted: " + before.control().halt().get().reason())
          : Optional.<String>empty();
      case RESUME -> before.control().halt().isEmpty() ? Optional.of("not halted") : Optional.<String>empty();
      case PROMOTE -> before.control().halt().isPresent() ? Optional.of("halted: resume it first")
          : nextClosedWave(before).isEmpty() ? Optional.of("every wave is open") : Optional.<String>empty();
      default -> Optional.of("not a rollout's command");
    };
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
