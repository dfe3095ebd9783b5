package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.twosixty.relay.contract.Command;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rollouts/{releaseId}/commands/{messageId}}: the audit record of one rollout command
 * ({@code promote}, {@code halt}, {@code resume} with no client) the hub's release-rollout received:
 * what was asked, by whom, when it arrived, and whether it applied or why not. release-rollout
 * creates it once per Pub/Sub message id, in the transaction that applies the command (a redelivery
 * neither adds a record nor changes the first); release-status reads it, and {@code relay promote|halt|resume}
 * wait for it there. A command for a release the hub does not know is recorded too, under the id it named.
 * The one owner of its field names and its tolerant read: missing or mistyped fields read as {@code ""}.
 *
 * @param command the command's wire name
 * @param reason the command's own reason
 * @param at when release-rollout received it (ISO-8601 UTC, always with milliseconds, so the text sorts as the instants do)
 * @param outcome {@link CommandDocument#APPLIED} or {@link CommandDocument#REFUSED}
 * @param outcomeReason why it was refused ({@code ""} when it applied)
 */
public record RolloutCommandDocument(String messageId, String command, String by, String reason, String at, String outcome,
    String outcomeReason) {

  public static final String COLLECTION = "commands";
  public static final String MESSAGE_ID = "messageId";
  public static final String COMMAND = "command";
  public static final String BY = "by";
  public static final String REASON = "reason";
  public static final String AT = "at";
  public static final String OUTCOME = "outcome";
  public static final String OUTCOME_REASON = "outcomeReason";

  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** The record of {@code command}, received at {@code at}: applied when {@code refusal} is empty. */
  public static RolloutCommandDocument of(String messageId, Command command, Instant at, Optional<String> refusal) {
    return new RolloutCommandDocument(messageId, command.command().wireName(), command.by(), command.reason(), MILLIS.format(at),
        refusal.isPresent() ? CommandDocument.REFUSED : CommandDocument.APPLIED, refusal.orElse(""));
  }

  public boolean applied() {
    return CommandDocument.APPLIED.equals(outcome);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(MESSAGE_ID, messageId);
    doc.put(COMMAND, command);
    doc.put(BY, by);
    doc.put(REASON, reason);
    doc.put(AT, at);
    doc.put(OUTCOME, outcome);
    doc.put(OUTCOME_REASON, outcomeReason);
    return doc;
  }

  /** The document as read; the message id is the document's id. */
  public static RolloutCommandDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static RolloutCommandDocument from(String messageId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    return new RolloutCommandDocument(messageId, text(doc.get(COMMAND)), text(doc.get(BY)), text(doc.get(REASON)),
        text(doc.get(AT)), text(doc.get(OUTCOME)), text(doc.get(OUTCOME_REASON)));
  }
}
