package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code clients/{client}/commands/{messageId}}: the audit record of one command a client-deployer
 * handled: what was asked, by whom, when it arrived, and the deployment event that answered it.
 * client-deployer creates it once per Pub/Sub message id (a redelivery leaves the first record);
 * release-status reads it. The one owner of its field names, of the write ({@link #toMap}) and of
 * how it is read ({@link #from}): missing or mistyped fields read as {@code ""}.
 *
 * @param outcome {@link #APPLIED} (the command took effect) or {@link #REFUSED} (it was refused or had
 *     nothing to do, and changed nothing)
 * @param status the {@code relay.deployment/v1} status of the event that answered it, {@code ""} when
 *     none did (a redelivered rollback that found its deployment already started)
 * @param outcomeReason that event's reason
 */
public record CommandDocument(
    String messageId,
    String client,
    String command,
    String releaseId,
    String service,
    String by,
    String reason,
    String receivedAt,
    String outcome,
    String status,
    String outcomeReason,
    String answeredAt) {

  public static final String COLLECTION = "commands";
  public static final String APPLIED = "APPLIED";
  public static final String REFUSED = "REFUSED";

  public static final String MESSAGE_ID = "messageId";
  public static final String CLIENT = "client";
  public static final String COMMAND = "command";
  public static final String RELEASE_ID = "releaseId";
  public static final String SERVICE = "service";
  public static final String BY = "by";
  public static final String REASON = "reason";
  public static final String RECEIVED_AT = "receivedAt";
  public static final String OUTCOME = "outcome";
  public static final String STATUS = "status";
  public static final String OUTCOME_REASON = "outcomeReason";
  public static final String ANSWERED_AT = "answeredAt";

  /** Always milliseconds, so that the stored text sorts as the instants do (newest first by a query). */
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * The record of {@code command}, answered by {@code answer} (the last event it published, or
   * {@code null} when it published none).
   */
  public static CommandDocument of(String messageId, Command command, Instant receivedAt, boolean refused,
      DeploymentEvent answer, Instant answeredAt) {
    return new CommandDocument(messageId, command.client(), command.command().wireName(), command.releaseId(),
        command.service(), command.by(), command.reason(), MILLIS.format(receivedAt), refused ? REFUSED : APPLIED,
        answer == null ? "" : answer.status().name(), answer == null ? "" : answer.reason(), MILLIS.format(answeredAt));
  }

  public Map<String, Object> toMap() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(MESSAGE_ID, messageId);
    doc.put(CLIENT, client);
    doc.put(COMMAND, command);
    doc.put(RELEASE_ID, releaseId);
    doc.put(SERVICE, service);
    doc.put(BY, by);
    doc.put(REASON, reason);
    doc.put(RECEIVED_AT, receivedAt);
    doc.put(OUTCOME, outcome);
    doc.put(STATUS, status);
    doc.put(OUTCOME_REASON, outcomeReason);
    doc.put(ANSWERED_AT, answeredAt);
    return doc;
  }

  /** The document as read; the message id is the document's id. */
  public static CommandDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static CommandDocument from(String messageId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    return new CommandDocument(messageId, text(doc.get(CLIENT)), text(doc.get(COMMAND)), text(doc.get(RELEASE_ID)),
        text(doc.get(SERVICE)), text(doc.get(BY)), text(doc.get(REASON)), text(doc.get(RECEIVED_AT)),
        text(doc.get(OUTCOME)), text(doc.get(STATUS)), text(doc.get(OUTCOME_REASON)), text(doc.get(ANSWERED_AT)));
  }
}
