package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutCommandDocumentTest {
  private static final Command HALT = new Command(CommandType.HALT, "", "2026.12.07-aaaaaaa", "", "ana@twosixty.com", "error budget");

  @Test
  void aRecordReadsBackAsWrittenWithItsReceiptInMilliseconds() {
    RolloutCommandDocument record = RolloutCommandDocument.of("17", HALT, Instant.parse("2026-12-07T12:00:00Z"), Optional.empty());
    Map<String, Object> stored = record.toMap();
    assertEquals(List.of("messageId", "command", "by", "reason", "at", "outcome", "outcomeReason"), List.copyOf(stored.keySet()));
    assertEquals("2026-12-07T12:00:00.000Z", stored.get("at"), "fixed width: the text sorts as the instants do");
    assertEquals(record, RolloutCommandDocument.from("17", stored));
    assertEquals(new RolloutCommandDocument("17", "halt", "ana@twosixty.com", "error budget", "2026-12-07T12:00:00.000Z", "APPLIED", ""),
        record);
    assertEquals(new RolloutCommandDocument("18", "halt", "ana@twosixty.com", "error budget", "1970-01-01T00:00:00.000Z", "REFUSED",
        "already halted: x"), RolloutCommandDocument.of("18", HALT, Instant.EPOCH, Optional.of("already halted: x")));
  }

  @Test
  void aMistypedOrMissingDocumentReadsAsEmpty() {
    assertEquals(new RolloutCommandDocument("19", "", "", "", "", "", ""),
        RolloutCommandDocument.from("19", Map.of("command", 7, "outcome", List.of())));
    assertEquals(new RolloutCommandDocument("20", "", "", "", "", "", ""), RolloutCommandDocument.from("20", null));
  }
}
