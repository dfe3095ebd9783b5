package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  @Test
  void aCommandRecordReadsAsOneLine() {
    String refused = """
        {"messageId":"17","client":"acme","command":"pin","releaseId":"2026.01.01-0000000","service":"billing",
         "by":"ana@twosixty.com","reason":"","receivedAt":"2026-11-25T09:00:00.000Z","outcome":"REFUSED","status":"FAILED",
         "outcomeReason":"pin refused: release 2026.01.01-0000000 has not been seen by acme","answeredAt":""}""";
    assertEquals("pin billing 2026.01.01-0000000 by ana@twosixty.com: REFUSED (FAILED pin refused: release 2026.01.01-0000000"
        + " has not been seen by acme)", StatusCommand.commandLine(JsonParser.parseString(refused).getAsJsonObject()));
    assertEquals("freeze by ops: APPLIED", StatusCommand.commandLine(JsonParser.parseString(
        "{\"command\":\"freeze\",\"by\":\"ops\",\"outcome\":\"APPLIED\",\"status\":\"\",\"outcomeReason\":\"\"}").getAsJsonObject()));
  }
}
