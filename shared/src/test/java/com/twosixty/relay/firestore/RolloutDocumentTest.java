package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.rollout.RolloutControl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutDocumentTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void whatIsWrittenReadsBack() {
    RolloutControl control = new RolloutControl(Map.of(2, T, 3, T.plusSeconds(60)),
        Optional.of(new RolloutControl.Halt("acme", "acme FAILED in wave 1: FAILURE", "halt rule", T)), T.minusSeconds(5), Set.of(3));
    RolloutDocument doc = new RolloutDocument("2026.12.07-aaaaaaa", 100, "stable", control,
        Map.of(4, "wave 4 waits for wave 3's soak until 2026-12-07T11:00:00Z"), T.toString());
    assertEquals(doc, RolloutDocument.from("2026.12.07-aaaaaaa", doc.toMap()));
  }

  @Test
  void missingOrMistypedFieldsReadAsNoWaveOpenedAndNoHalt() {
    RolloutDocument read = RolloutDocument.from("r", Map.of("opened", List.of("2"), "halt", "yes", "promoted", List.of("x"),
        "waitingFor", Map.of("two", "…"), "resumedAt", "yesterday"));
    assertEquals(RolloutControl.NONE, read.control());
    assertEquals(Map.of(), read.waitingFor());
    assertEquals(RolloutDocument.empty("r").control(), RolloutDocument.from("r", Map.of("opened", Map.of("2", "not a time"))).control());
  }
}
