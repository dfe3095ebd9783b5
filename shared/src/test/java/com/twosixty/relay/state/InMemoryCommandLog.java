package com.twosixty.relay.state;

import com.twosixty.relay.firestore.CommandDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link CommandLog} in memory, first record per (client, message id) kept, as the Firestore adapter does. */
public final class InMemoryCommandLog implements CommandLog {
  private final Map<String, CommandDocument> records = new LinkedHashMap<>();

  @Override
  public synchronized void record(CommandDocument command) {
    records.putIfAbsent(command.client() + "/" + command.messageId(), command);
  }

  /** Every record, in the order they were first recorded. */
  public synchronized List<CommandDocument> records() {
    return new ArrayList<>(records.values());
  }
}
