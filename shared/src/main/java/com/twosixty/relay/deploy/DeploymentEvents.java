package com.twosixty.relay.deploy;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.pubsub.Outbox;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.twosixty.relay.pubsub.OutboxSender;
import com.twosixty.relay.state.StateEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One client's {@code relay.deployment/v1} events on the deployments topic, ordered by the client's
 * id, each with its stable {@code eventId} ({@link EventIds}). Events of state changes are written
 * to the outbox by the {@link com.twosixty.relay.state.StateStore} in the change's transaction and
 * only {@link #recorded} here; {@link #send} publishes them after the commit, with whatever earlier
 * deliveries left unsent. Answers that change nothing, and TRIGGERED (announced before its commit,
 * see {@code DeploymentCoordinator.recordTriggered}), are published at once.
 *
 * <p>The coordinator holds one instance per client; each delivery works on its own {@link #forDelivery} copy.
 */
final class DeploymentEvents {
  private static final StructuredLog LOG = StructuredLog.forComponent("client-deployer");

  private final String client;
  private final EventPublisher publisher;
  private final String topic;
  private final Clock clock;
  private final Outbox outbox;
  private final Consumer<DeploymentEvent> observer;
  private final String commandMessageId;
  private final List<OutboxEntry> recorded = new ArrayList<>();
  private final Set<String> sent = new HashSet<>();
  /** What the client's record listed unsent, as its latest claim read it; null: not read (no claim yet). */
  private volatile Optional<Set<String>> listed;
  /** A command's delivery: the outbox's query, started with the delivery (before any of its own writes). */
  private CompletableFuture<List<OutboxEntry>> queried;
  /** The unsent entries of earlier deliveries, once looked up. */
  private List<OutboxEntry> earlier;
  private DeploymentEvent earlierAnswer;
  /** A publish of this delivery failed: it fails at once from then on, rather than wait out another timeout. */
  private TransientFailure sendFailure;

  DeploymentEvents(String client, EventPublisher publisher, String topic, Clock clock, Outbox outbox) {
    this(client, publisher, topic, clock, outbox, event -> {}, "");
  }

  private DeploymentEvents(String client, EventPublisher publisher, String topic, Clock clock, Outbox outbox,
      Consumer<DeploymentEvent> observer, String commandMessageId) {
    this.client = client;
    this.publisher = publisher;
    this.topic = topic;
    this.clock = clock;
    this.outbox = outbox;
    this.observer = observer;
    this.commandMessageId = commandMessageId;
  }

  /**
   * The events of one delivery: each also handed to {@code observer} (a command's answers, for its
   * record); {@code commandMessageId} ("" for a release) names the answers to a command. Its first
   * send also sends what earlier deliveries left unsent. For a release, those its claim found listed
   * in the client's record (no call when none is), else the outbox's query. For a command, the query,
   * started now: an earlier delivery's answer must be read before this one records its own under
   * the same id ({@link #earlierAnswer}).
   */
  DeploymentEvents forDelivery(Consumer<DeploymentEvent> observer, String commandMessageId) {
    DeploymentEvents delivery = new DeploymentEvents(client, publisher, topic, clock, outbox, observer, commandMessageId);
    if (!commandMessageId.isEmpty()) {
      delivery.queried = CompletableFuture.supplyAsync(() -> outbox.unsent(client));
    }
    return delivery;
  }

  /** What the client's record listed unsent when a claim of this delivery read it (the latest claim's word counts). */
  void outboxListed(Optional<Set<String>> unsent) {
    listed = unsent;
  }

  private List<OutboxEntry> earlier() {
    if (earlier != null) {
      return earlier;
    }
    if (queried != null) {
      try {
        earlier = queried.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException failure ? failure : e;
      }
    } else {
      Optional<Set<String>> known = listed;
      // Looked up after the claim: leave out what this delivery recorded itself.
      Set<String> own = new HashSet<>();
      recorded.forEach(entry -> own.add(entry.eventId()));
      earlier = (known == null ? outbox.unsent(client) : outbox.unsent(client, known)).stream()
          .filter(entry -> !own.contains(entry.eventId())).toList();
    }
    return earlier;
  }

  /**
   * Publishes one event now, with its stable id, after what is still unsent: the events recorded
   * before it go out before it (and a redelivery's answer after the first delivery's, by the same id).
   */
  void publish(String eventId, String releaseId, List<String> services, DeploymentStatus status, String reason,
      String buildId) {
    send();
    DeploymentEvent event = StateEvents.event(client, releaseId, services, status, reason, buildId, clock.instant().toString());
    publisher.publish(topic, event, client, eventId);
    observer.accept(event);
  }

  /** Entries a state change committed to the outbox: {@link #send} publishes them. */
  void recorded(List<OutboxEntry> entries) {
    recorded.addAll(entries);
    entries.forEach(entry -> observer.accept(entry.event()));
  }

  /**
   * Publishes what this delivery recorded and what earlier ones left unsent, and marks them sent.
   *
   * @throws TransientFailure when a publish failed: the entries stay unsent for the redelivery
   */
  void send() {
    if (sendFailure != null) {
      throw sendFailure;
    }
    List<OutboxEntry> unsentBefore = earlier().stream().filter(e -> !sent.contains(e.eventId())).toList();
    String answerId = commandMessageId.isEmpty() ? "" : EventIds.command(client, commandMessageId);
    unsentBefore.stream().filter(e -> e.eventId().equals(answerId)).findFirst()
        .ifPresent(e -> earlierAnswer = e.event());
    List<OutboxEntry> own = recorded.stream().filter(e -> !sent.contains(e.eventId())).toList();
    if (unsentBefore.isEmpty() && own.isEmpty()) {
      return;
    }
    if (!unsentBefore.isEmpty()) {
      LOG.info("re-sending events an earlier delivery recorded but could not publish", "client", client,
          "count", unsentBefore.size());
    }
    try {
      new OutboxSender(outbox, publisher, topic).send(client, unsentBefore, own, sent::add);
    } catch (TransientFailure e) {
      sendFailure = e;
      throw e;
    }
  }

  /** As {@link #send}, but a failure is only logged: the delivery goes on and sends again at its end. */
  void sendQuietly() {
    try {
      send();
    } catch (RuntimeException e) {
      LOG.warn("events recorded but not published yet: " + e.getMessage(), "client", client);
    }
  }

  /**
   * Answers a command that changes nothing: one event, reason "{@code <command> refused: <why>}", on
   * the command's release and service (none when it names none), and one WARN line. FAILED when the
   * command cannot be carried out as sent, SKIPPED when it is valid but has nothing to do. Its id is
   * the command's: a redelivery's answer is a duplicate of the first.
   */
  void refuse(Command command, DeploymentStatus status, String why) {
    String reason = command.command().wireName() + " refused: " + why;
    publish(EventIds.command(client, commandMessageId), command.releaseId(),
        command.allServices() ? List.of() : List.of(command.service()), status, reason, "");
    LOG.warn("command refused: " + why, "client", client, "command", command.command().wireName(),
        "releaseId", command.releaseId(), "service", command.service(), "by", command.by(), "status", status.name());
  }

  /** The outbox entry announcing a change a command made (a pin, a freeze): one per command message. */
  OutboxEntry commandAnswer(String releaseId, List<String> services, DeploymentStatus status, String reason) {
    return new OutboxEntry(EventIds.command(client, commandMessageId),
        StateEvents.event(client, releaseId, services, status, reason, "", clock.instant().toString()));
  }

  /**
   * The answer an earlier delivery of this same command recorded and could not publish (found unsent
   * and sent by this one): the command took effect then, whatever this delivery answers.
   */
  java.util.Optional<DeploymentEvent> earlierAnswer() {
    return java.util.Optional.ofNullable(earlierAnswer);
  }

  String commandMessageId() {
    return commandMessageId;
  }
}
