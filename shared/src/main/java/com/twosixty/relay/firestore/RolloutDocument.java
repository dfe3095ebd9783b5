package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.list;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.twosixty.relay.rollout.RolloutControl;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code rollouts/{releaseId}}: what the hub recorded about one release's rollout across the waves
 * (issue 22). client-deployer reads it to know whether its wave has opened; the rollout's writer (the
 * hub) opens waves, halts, resumes and promotes in transactions on it. The one owner of its field
 * names and its tolerant read: a missing or mistyped field reads as empty (a wave not opened, no halt).
 *
 * <pre>
 * releaseId, sequence, channel,
 * opened    {"2": "2026-12-07T10:40:00Z", …}   wave → when it opened (wave 1 is always open)
 * halt      {client, reason, by, at}            absent or {} when not halted
 * resumedAt "…"                                 the last resume ("" never)
 * promoted  [2, …]                              waves an operator let start before the previous wave's soak ended
 * waitingFor {"2": "wave 2 waits for wave 1: …"} each closed wave's gate as last evaluated, for WAITING_FOR_WAVE reasons and people
 * updatedAt "…"
 * woken     [2, …]                              opened waves whose clients the hub has woken (a promote each)
 * haltAnnounced "…"                             the eventId of the halt's announcement once published ("" before)
 * active    true                                the hub still has something to do: a wave to open or wake, a halt to announce (the tick's query)
 * </pre>
 */
public record RolloutDocument(String releaseId, long sequence, String channel, RolloutControl control,
    Map<Integer, String> waitingFor, String updatedAt, java.util.Set<Integer> woken, String haltAnnounced, boolean active) {

  public static final String COLLECTION = "rollouts";
  public static final String RELEASE_ID = "releaseId";
  public static final String SEQUENCE = "sequence";
  public static final String CHANNEL = "channel";
  public static final String OPENED = "opened";
  public static final String HALT = "halt";
  public static final String RESUMED_AT = "resumedAt";
  public static final String PROMOTED = "promoted";
  public static final String WAITING_FOR = "waitingFor";
  public static final String UPDATED_AT = "updatedAt";

  public static final String WOKEN = "woken";
  public static final String HALT_ANNOUNCED = "haltAnnounced";
  public static final String ACTIVE = "active";

  public RolloutDocument {
    waitingFor = Map.copyOf(new TreeMap<>(waitingFor));
    woken = java.util.Set.copyOf(woken);
  }

  public RolloutDocument(String releaseId, long sequence, String channel, RolloutControl control,
      Map<Integer, String> waitingFor, String updatedAt) {
    this(releaseId, sequence, channel, control, waitingFor, updatedAt, java.util.Set.of(), "", false);
  }

  public static RolloutDocument empty(String releaseId) {
    return new RolloutDocument(releaseId, 0, "", RolloutControl.NONE, Map.of(), "");
  }

  public Map<String, Object> toMap() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(RELEASE_ID, releaseId);
    doc.put(SEQUENCE, sequence);
    doc.put(CHANNEL, channel);
    Map<String, Object> opened = new TreeMap<>();
    control.opened().forEach((wave, at) -> opened.put(String.valueOf(wave), at.toString()));
    doc.put(OPENED, opened);
    doc.put(HALT, control.halt().map(h -> (Object) Map.of("client", h.client(), "reason", h.reason(), "by", h.by(),
        "at", h.at().toString())).orElse(Map.of()));
    doc.put(RESUMED_AT, control.resumedAt().equals(Instant.EPOCH) ? "" : control.resumedAt().toString());
    doc.put(PROMOTED, control.promoted().stream().sorted().map(Integer::longValue).toList());
    Map<String, Object> waiting = new TreeMap<>();
    waitingFor.forEach((wave, why) -> waiting.put(String.valueOf(wave), why));
    doc.put(WAITING_FOR, waiting);
    doc.put(UPDATED_AT, updatedAt);
    doc.put(WOKEN, woken.stream().sorted().map(Integer::longValue).toList());
    doc.put(HALT_ANNOUNCED, haltAnnounced);
    doc.put(ACTIVE, active);
    return doc;
  }

  public static RolloutDocument from(DocumentSnapshot snapshot) {
    return snapshot.exists() ? from(snapshot.getId(), snapshot.getData()) : empty(snapshot.getId());
  }

  public static RolloutDocument from(String releaseId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    Map<Integer, Instant> opened = new TreeMap<>();
    map(doc.get(OPENED)).forEach((wave, at) -> {
      Optional<Instant> when = time(text(at));
      if (wave.matches("[0-9]{1,2}") && when.isPresent()) {
        opened.put(Integer.parseInt(wave), when.get());
      }
    });
    Map<String, Object> halt = map(doc.get(HALT));
    Optional<RolloutControl.Halt> halted = halt.isEmpty() ? Optional.empty()
        : Optional.of(new RolloutControl.Halt(text(halt.get("client")), text(halt.get("reason")), text(halt.get("by")),
            time(text(halt.get("at"))).orElse(Instant.EPOCH)));
    Set<Integer> promoted = new HashSet<>();
    for (Object wave : list(doc.get(PROMOTED))) {
      if (wave instanceof Number n) {
        promoted.add(n.intValue());
      }
    }
    RolloutControl control = new RolloutControl(opened, halted, time(text(doc.get(RESUMED_AT))).orElse(Instant.EPOCH), promoted);
    Map<Integer, String> waitingFor = new TreeMap<>();
    map(doc.get(WAITING_FOR)).forEach((wave, why) -> {
      if (wave.matches("[0-9]{1,2}") && !text(why).isBlank()) {
        waitingFor.put(Integer.parseInt(wave), text(why));
      }
    });
    Set<Integer> woken = new HashSet<>();
    for (Object wave : list(doc.get(WOKEN))) {
      if (wave instanceof Number n) {
        woken.add(n.intValue());
      }
    }
    return new RolloutDocument(releaseId, number(doc.get(SEQUENCE)), text(doc.get(CHANNEL)), control, waitingFor,
        text(doc.get(UPDATED_AT)), woken, text(doc.get(HALT_ANNOUNCED)), Boolean.TRUE.equals(doc.get(ACTIVE)));
  }

  private static Optional<Instant> time(String stored) {
    try {
      return stored.isBlank() ? Optional.empty() : Optional.of(Instant.parse(stored));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
