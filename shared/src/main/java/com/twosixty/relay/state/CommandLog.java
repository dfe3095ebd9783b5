package com.twosixty.relay.state;

import com.twosixty.relay.firestore.CommandDocument;

/**
 * Port: the audit trail of the commands a client-deployer handled ({@code clients/{client}/commands/
 * {messageId}}, README "Firestore layout"). One record per message id: a redelivery of a message
 * already recorded leaves the first record as it is.
 */
public interface CommandLog {

  /** Records how the command was answered, unless a record with its message id exists. */
  void record(CommandDocument command);
}
