package com.twosixty.relay.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** promote, halt, resume of a release's rollout (README: Waves): their shape on the wire and who may send them. */
class RolloutCommandsTest {
  private static final String R = "2026.12.07-aaaaaaa";
  private final CommandAuthority authority = new CommandAuthority(ClientDefinitions.loadDirectory(Path.of("..", "clients")));

  @Test
  void aRolloutsCommandNamesNoClientButItsRelease() {
    Command halt = CommandGatewayHandler.command(("{\"command\":\"halt\",\"releaseId\":\"" + R + "\",\"reason\":\"error budget\"}")
        .getBytes(StandardCharsets.UTF_8), new VerifiedCaller("oncall@twosixty.example"));
    assertEquals(new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "error budget"), halt);
    assertEquals(halt, ContractCodec.decodeCommand(ContractCodec.encode(halt)));
    ContractViolation noRelease = assertThrows(ContractViolation.class, () -> ContractCodec.decodeCommand(ContractCodec.encode(
        new Command(CommandType.PROMOTE, "", "", "", "ops", ""))));
    assertEquals("releaseId", noRelease.field());
    assertThrows(ContractViolation.class, () -> ContractCodec.decodeCommand(ContractCodec.encode(
        new Command(CommandType.PIN, "", R, "billing", "ops", ""))), "every other command names its client");
    Command wake = new Command(CommandType.PROMOTE, "acme", R, "", "release-rollout", "wave 3 opened");
    assertEquals(wake, ContractCodec.decodeCommand(ContractCodec.encode(wake)));
  }

  @Test
  void anyClientsOperatorMayHaltOnlyOperatorsOfEveryClientPromoteOrResume() {
    // oncall@twosixty.example operates every example client; priya.shah@ only essence (and northwind by its domain).
    assertInstanceOf(CommandAuthority.Allowed.class, authority.decide(new VerifiedCaller("oncall@twosixty.example"), CommandType.PROMOTE, ""));
    assertInstanceOf(CommandAuthority.Allowed.class, authority.decide(new VerifiedCaller("oncall@twosixty.example"), CommandType.RESUME, ""));
    assertInstanceOf(CommandAuthority.Allowed.class, authority.decide(new VerifiedCaller("priya.shah@twosixty.example"), CommandType.HALT, ""));
    CommandAuthority.Decision promote = authority.decide(new VerifiedCaller("priya.shah@twosixty.example"), CommandType.PROMOTE, "");
    assertEquals(new CommandAuthority.Refused("priya.shah@twosixty.example is not among the operators of acme: promote of a rollout "
        + "takes a release to every client, so every client file must list the caller"), promote);
    assertInstanceOf(CommandAuthority.Refused.class, authority.decide(new VerifiedCaller("dana.okafor@acme.example"), CommandType.HALT, ""));
    assertInstanceOf(CommandAuthority.UnknownClient.class, authority.decide(new VerifiedCaller("oncall@twosixty.example"), CommandType.PIN, ""));
  }
}
