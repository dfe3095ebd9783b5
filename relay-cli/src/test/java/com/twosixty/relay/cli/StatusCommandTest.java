package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** acme as release-status answers for it: a file pin, an open window, billing behind, a partial release, an auto rollback. */
  private static final String ACME = """
      {"client":{"id":"acme","displayName":"Acme Logistics","configured":true,"approval":"automatic","channel":"both",
        "services":["billing","portal"],"autoRollback":true,"project":"relay-acme-prod","frozen":false,"freezeReason":"",
        "frozenBy":"","freezeWindows":[{"day":"MONDAY","start":"00:00","duration":"PT168H","timeZone":"UTC","open":true,
        "openUntil":"2026-12-14T00:00Z"}],"frozenNow":true,
        "frozenBecause":"freeze window MONDAY 00:00 UTC for PT168H, open until 2026-12-14T00:00Z",
        "pins":{"billing":"2026.11.01-0a1b2c3"},
        "pinSources":{"billing":{"releaseId":"2026.11.01-0a1b2c3","source":"file","file":"2026.11.01-0a1b2c3"},
          "portal":{"releaseId":"","source":"command","file":"2026.11.02-0a1b2c3"}},"behind":true,
        "standing":[{"service":"billing","running":"2026.11.01-0a1b2c3","newest":"2026.12.07-1111111","behind":true,
          "why":"PINNED","detail":"pinned to 2026.11.01-0a1b2c3 (client file)"},
          {"service":"portal","running":"2026.12.07-1111111","newest":"2026.12.07-1111111","behind":false,"why":"CURRENT",
          "detail":"runs the newest release it takes"}],"updatedAt":""},
       "services":[{"service":"portal","target":null,"running":null,"previous":null,
         "last":{"status":"SUCCEEDED","releaseId":"2026.12.07-1111111","reason":"","buildId":"b1","logUrl":"","at":""}}],
       "pendingApprovals":[],
       "recentDeployments":[{"client":"acme","deploymentId":"rollback-9","releaseId":"2026.11.01-0a1b2c3","sequence":1,
         "kind":"rollback","status":"SUCCEEDED","outcome":"SUCCEEDED","reason":"","buildId":"b9",
         "logUrl":"https://console.cloud.google.com/cloud-build/builds/b9?project=relay-acme-prod","services":["portal"],
         "heldBack":{},"decisions":{},"requestedBy":"relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com",
         "requestReason":"auto rollback: FAILURE","automatic":true,"autoRollbackRequested":false,"createdAt":"","updatedAt":""},
         {"client":"acme","deploymentId":"2026.12.07-1111111","releaseId":"2026.12.07-1111111","sequence":2,"kind":"release",
         "status":"SUCCEEDED","outcome":"PARTIAL","reason":"","buildId":"b1","logUrl":"http://127.0.0.1:1/builds/b1",
         "services":["portal"],"heldBack":{"billing":"pinned"},"decisions":{},"requestedBy":"","requestReason":"",
         "automatic":false,"autoRollbackRequested":false,"createdAt":"","updatedAt":""}],
       "commands":[]}""";

  @Test
  void aClientReadsAsItsPolicyThenEachServiceAndWhyItIsBehind() {
    String text = StatusCommand.clientText(JsonParser.parseString(ACME).getAsJsonObject());
    assertTrue(text.startsWith("acme (Acme Logistics) · approval automatic · channel both · services billing,portal"
        + " · auto rollback · BEHIND\n"), text);
    assertTrue(text.contains("  pins: billing 2026.11.01-0a1b2c3 (file); portal unpinned by command (file: 2026.11.02-0a1b2c3)\n"),
        text);
    assertTrue(text.contains("  freeze windows: MONDAY 00:00 UTC for PT168H (OPEN NOW, until 2026-12-14T00:00Z)\n"), text);
    assertTrue(text.contains("  FROZEN NOW: freeze window MONDAY 00:00 UTC for PT168H, open until 2026-12-14T00:00Z\n"), text);
    assertTrue(text.matches("(?s).*  billing +2026\\.11\\.01-0a1b2c3 +2026\\.12\\.07-1111111 +BEHIND PINNED: pinned to"
        + " 2026\\.11\\.01-0a1b2c3 \\(client file\\) +-\n.*"), text);
    assertTrue(text.matches("(?s).*  portal +2026\\.12\\.07-1111111 +2026\\.12\\.07-1111111 +up to date +SUCCEEDED 2026\\.12\\.07-1111111\n.*"),
        text);
    assertTrue(text.contains("    2026.11.01-0a1b2c3 rollback (AUTO ROLLBACK) SUCCEEDED of portal by"
        + " relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com · build log"
        + " https://console.cloud.google.com/cloud-build/builds/b9?project=relay-acme-prod\n"), text);
    assertTrue(text.contains("    2026.12.07-1111111 release PARTIAL of portal (held back billing: pinned) · build log"
        + " http://127.0.0.1:1/builds/b1\n"), text);
    assertTrue(text.endsWith("  commands (newest first): none\n"), text);
  }

  @Test
  void releasesReadAsOneLineEachWithEveryClientsOutcome() {
    String page = """
        {"releases":[{"releaseId":"2026.12.07-1111111","sequence":2,"channel":"stable","createdAt":"",
          "services":["billing","portal"],"clients":{"acme":"PARTIAL","essence":"FAILED"},
          "heldBack":{"acme":{"billing":"pinned"}},"autoRollbacks":["essence"]}],"nextPageToken":""}""";
    assertEquals("""
        release              channel  services                 clients
        2026.12.07-1111111   stable   billing,portal           acme PARTIAL (held back billing: pinned); essence FAILED (auto rollback)
        """, StatusCommand.releasesText(JsonParser.parseString(page).getAsJsonObject()));
    assertEquals("no release yet\n", StatusCommand.releasesText(JsonParser.parseString("{\"releases\":[]}").getAsJsonObject()));
  }

  @Test
  void releasesWithWavesShowTheirRolloutBelowTheirLine() {
    String page = """
        {"releases":[
          {"releaseId":"2026.12.07-3333333","channel":"stable","services":["billing"],"clients":{"essence":"SUCCEEDED"},
           "heldBack":{},"autoRollbacks":[],"rollout":{"state":"ROLLING_OUT","openWaves":2,"waves":3,"soakRemainingSeconds":80}},
          {"releaseId":"2026.12.07-2222222","channel":"stable","services":["billing"],"clients":{"essence":"FAILED"},
           "heldBack":{},"autoRollbacks":[],"rollout":{"state":"HALTED","openWaves":1,"waves":3,
           "halt":{"client":"essence","reason":"essence FAILED in wave 1: FAILURE","by":"halt rule","at":"2026-12-07T10:00:00Z"},
           "soakRemainingSeconds":0}},
          {"releaseId":"2026.12.07-1111111","channel":"stable","services":["billing"],"clients":{},
           "heldBack":{},"autoRollbacks":[],"rollout":{"state":"HALTED","openWaves":2,"waves":3,
           "halt":{"client":"","reason":"error budget","by":"oncall@twosixty.example","at":"2026-12-07T09:00:00Z"}}},
          {"releaseId":"2026.12.06-0000000","channel":"stable","services":["billing"],"clients":{},
           "heldBack":{},"autoRollbacks":[],"rollout":{"state":"COMPLETE","openWaves":3,"waves":3,"soakRemainingSeconds":0}}],
         "nextPageToken":""}""";
    assertEquals("""
        release              channel  services                 clients
        2026.12.07-3333333   stable   billing                  essence SUCCEEDED
          rollout: wave 2/3 open, soaking 1m20s
        2026.12.07-2222222   stable   billing                  essence FAILED
          rollout: HALTED by essence: essence FAILED in wave 1: FAILURE (wave 1/3 open)
        2026.12.07-1111111   stable   billing                  -
          rollout: HALTED by oncall@twosixty.example: error budget (wave 2/3 open)
        2026.12.06-0000000   stable   billing                  -
          rollout: COMPLETE (3 waves)
        """, StatusCommand.releasesText(JsonParser.parseString(page).getAsJsonObject()));
    assertEquals("1d1h1s", StatusCommand.duration(90001));
    assertEquals("0s", StatusCommand.duration(0));
  }
}
