package com.twosixty.relay.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the hub has recorded about one release's rollout ({@code rollouts/{releaseId}}): the waves it
 * opened and when, a halt and by whom, the last resume, the waves an operator promoted.
 *
 * @param opened wave → when it was opened; an opened wave stays open (no wave starts twice)
 * @param halt the halt in force, if any (a resume clears it)
 * @param resumedAt the last resume: failures recorded before it no longer halt ({@link Instant#EPOCH}: never resumed)
 * @param promoted waves an operator let start without the rest of the previous wave's soak
 */
public record RolloutControl(Map<Integer, Instant> opened, Optional<Halt> halt, Instant resumedAt, Set<Integer> promoted) {

  public static final RolloutControl NONE = new RolloutControl(Map.of(), Optional.empty(), Instant.EPOCH, Set.of());

  public RolloutControl {
    opened = Map.copyOf(new TreeMap<>(opened));
    promoted = Set.copyOf(promoted);
  }

  /**
   * A halt: the failing client and the halt rule's reason, or the operator who halted it.
   *
   * @param client the client whose failure halted it; {@code ""} for an operator's halt
   * @param by {@code "halt rule"} or the operator's address
   */
  public record Halt(String client, String reason, String by, Instant at) {}

  public boolean isOpen(int wave) {
    return wave <= 1 || opened.containsKey(wave);
  }

  public RolloutControl withOpened(int wave, Instant at) {
    Map<Integer, Instant> more = new TreeMap<>(opened);
    more.putIfAbsent(wave, at);
    return new RolloutControl(more, halt, resumedAt, promoted);
  }

  public RolloutControl halted(Halt why) {
    return new RolloutControl(opened, Optional.of(why), resumedAt, promoted);
  }

  public RolloutControl resumed(Instant at) {
    return new RolloutControl(opened, Optional.empty(), at, promoted);
  }

  public RolloutControl withPromoted(int wave) {
    Set<Integer> more = new java.util.HashSet<>(promoted);
    more.add(wave);
    return new RolloutControl(opened, halt, resumedAt, more);
  }
}
