package com.twosixty.relay.rollout;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.firestore.RolloutDocument;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the hub makes of a release's rollout now, pure: opens each wave whose gate is OPEN (in
 * order; an opened wave stays open), records a halt the rule calls for (once: a halt in force is
 * kept), and what each closed wave waits for. The hub applies it inside a transaction on
 * {@code rollouts/{releaseId}}, so two deliveries at once open a wave once.
 */
public final class RolloutProgress {
  private RolloutProgress() {}

  public static RolloutDocument advance(RolloutDocument doc, long sequence, Channel channel, RolloutPolicy policy,
      Collection<ClientStanding> clients, Instant now) {
    RolloutControl control = doc.control();
    Map<Integer, String> waiting = new TreeMap<>();
    for (int wave = 2; wave <= policy.waves(); wave++) {
      Gate gate = RolloutGates.evaluate(channel, policy, clients, control, wave, now);
      if (gate instanceof Gate.Open) {
        control = control.withOpened(wave, now);
        continue;
      }
      if (gate instanceof Gate.Halted halted && control.halt().isEmpty()) {
        control = control.halted(new RolloutControl.Halt(halted.client(), halted.reason(), halted.by(), now));
      }
      waiting.put(wave, gate.describe());
      break;
    }
    RolloutDocument settled = settle(doc, sequence, channel, policy, control, waiting, now);
    int firstClosed = waiting.keySet().stream().findFirst().orElse(Integer.MAX_VALUE);
    boolean overtaken = clients.stream().anyMatch(c -> c.wave() < firstClosed && c.standing() == Standing.SUPERSEDED);
    if (overtaken && control.halt().isEmpty() && toWake(settled).isEmpty()) {
      // A newer release overtook it in an open wave: nothing will open, so the tick stops reading it.
      return new RolloutDocument(settled.releaseId(), settled.sequence(), settled.channel(), settled.control(),
          settled.waitingFor(), settled.updatedAt(), settled.woken(), settled.haltAnnounced(), false);
    }
    return settled;
  }

  /** The document with {@code control} and {@code waiting}: dated now and marked active if anything changed. */
  public static RolloutDocument settle(RolloutDocument doc, long sequence, Channel channel, RolloutPolicy policy,
      RolloutControl control, Map<Integer, String> waiting, Instant now) {
    boolean changed = !control.equals(doc.control()) || !waiting.equals(doc.waitingFor()) || doc.sequence() != sequence
        || !doc.channel().equals(channel.wireName());
    String haltAnnounced = control.halt().isPresent() && control.halt().equals(doc.control().halt()) ? doc.haltAnnounced() : "";
    RolloutDocument after = new RolloutDocument(doc.releaseId(), sequence, channel.wireName(), control, waiting,
        changed ? now.toString() : doc.updatedAt(), doc.woken(), haltAnnounced, false);
    return withActive(after, policy);
  }

  /** Opened waves whose clients have not been woken yet; none while the rollout is halted. */
  public static List<Integer> toWake(RolloutDocument doc) {
    if (doc.control().halt().isPresent()) {
      return List.of();
    }
    return doc.control().opened().keySet().stream().filter(w -> w > 1 && !doc.woken().contains(w)).sorted().toList();
  }

  public static RolloutDocument woken(RolloutDocument doc, Collection<Integer> waves, RolloutPolicy policy) {
    Set<Integer> woken = new HashSet<>(doc.woken());
    woken.addAll(waves);
    return withActive(new RolloutDocument(doc.releaseId(), doc.sequence(), doc.channel(), doc.control(), doc.waitingFor(),
        doc.updatedAt(), woken, doc.haltAnnounced(), doc.active()), policy);
  }

  public static RolloutDocument haltAnnounced(RolloutDocument doc, String eventId, RolloutPolicy policy) {
    return withActive(new RolloutDocument(doc.releaseId(), doc.sequence(), doc.channel(), doc.control(), doc.waitingFor(),
        doc.updatedAt(), doc.woken(), eventId, doc.active()), policy);
  }

  /**
   * Active while the hub still has something to do for it: a wave to open or wake (not halted), or a
   * halt to announce. Only active rollouts are looked at on a tick.
   */
  static RolloutDocument withActive(RolloutDocument doc, RolloutPolicy policy) {
    RolloutControl control = doc.control();
    boolean active = control.halt().isPresent() ? doc.haltAnnounced().isEmpty()
        : control.opened().keySet().stream().filter(w -> w > 1).count() < policy.waves() - 1 || !toWake(doc).isEmpty();
    return new RolloutDocument(doc.releaseId(), doc.sequence(), doc.channel(), control, doc.waitingFor(), doc.updatedAt(),
        doc.woken(), doc.haltAnnounced(), active);
  }
}
