package com.twosixty.relay.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key client-deployer handles a command under: the deployment id of a rollback or redeploy
 * ({@code rollback-<key>}) and the id of its record in {@code clients/{client}/commands}. It is the
 * Pub/Sub message id, so a redelivered message is handled once; when the sender gave the command an
 * id of its own ({@code commandId} at the command gateway, carried as the message's {@code eventId}
 * attribute), it is derived from that id and the verified sender instead, so copies of one command
 * published as several messages (deploy-reporter's auto rollback, sent once per concurrent copy of a
 * FAILED notification) are handled once too. The sender is part of it: nobody can claim, and so
 * suppress, another sender's id. Pure.
 */
public final class CommandKeys {
  private CommandKeys() {}

  public static String of(String messageId, String by, String commandId) {
    if (commandId == null || commandId.isEmpty()) {
      return messageId;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((by + "\n" + commandId).getBytes(StandardCharsets.UTF_8));
      return "id-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
