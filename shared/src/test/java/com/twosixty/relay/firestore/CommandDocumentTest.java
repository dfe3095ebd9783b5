package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandDocumentTest {
  private static final Command PIN = new Command(CommandType.PIN, "acme", "2026.11.24-aaaaaaa", "billing", "ana@twosixty.com", "hold");

  @Test
  void aRecordReadsBackAsWritten() {
    DeploymentEvent answer = new DeploymentEvent("acme", "2026.11.24-aaaaaaa", List.of("billing"), DeploymentStatus.PLANNED,
        "pinned by ana@twosixty.com: billing held at 2026.11.24-aaaaaaa", "", "", "2026-11-25T12:00:01Z");
    CommandDocument record = CommandDocument.of("17", PIN, Instant.parse("2026-11-25T12:00:00Z"), false, answer,
        Instant.parse("2026-11-25T12:00:01.25Z"));

    Map<String, Object> stored = record.toMap();
    assertEquals("2026-11-25T12:00:00.000Z", stored.get("receivedAt"), "fixed width: the text sorts as the instants do");
    assertEquals(record, CommandDocument.from("17", stored));
    assertEquals(new CommandDocument("17", "acme", "pin", "2026.11.24-aaaaaaa", "billing", "ana@twosixty.com", "hold",
        "2026-11-25T12:00:00.000Z", "APPLIED", "PLANNED", "pinned by ana@twosixty.com: billing held at 2026.11.24-aaaaaaa",
        "2026-11-25T12:00:01.250Z"), record);
  }

  @Test
  void aCommandNothingAnsweredAndAMistypedDocumentReadAsEmpty() {
    CommandDocument refused = CommandDocument.of("18", PIN, Instant.EPOCH, true, null, Instant.EPOCH);
    assertEquals("REFUSED", refused.outcome());
    assertEquals("", refused.status());
    assertEquals(new CommandDocument("19", "", "", "", "", "", "", "", "", "", "", ""),
        CommandDocument.from("19", Map.of("client", 7, "outcome", List.of())));
    assertEquals(new CommandDocument("20", "", "", "", "", "", "", "", "", "", "", ""), CommandDocument.from("20", null));
  }
}
