package com.twosixty.relay.pubsub;

import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.log.StructuredLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a function fed by a Pub/Sub push subscription answers (client-deployer, release-rollout),
 * apart from the HTTP framework, which only copies the status out (and {@code Allow: POST} with a
 * 405). A 2xx acks, a 5xx nacks: Pub/Sub redelivers with the subscription's backoff and, after its
 * maximum attempts, dead-letters the message.
 *
 * <ul>
 *   <li>anything but POST: 405;
 *   <li>the body is read up to its limit and the rest read and dropped, so that the answer reaches
 *       Pub/Sub (answering mid-upload makes the server close the connection: a nack);
 *   <li>an instance whose settings are missing or invalid: 500 on every delivery, one ERROR line;
 *   <li>a body over the limit, or not a push body: acked with one ERROR line (redelivering cannot help);
 *   <li>the delivery returns: 204; it throws (an API unavailable, a lease held elsewhere): 500.
 * </ul>
 *
 * @param <W> what one instance is built from (its clients and settings)
 */
public final class PushEndpoint<W> {
  public static final int ACK = 204;
  public static final int NACK = 500;
  public static final int METHOD_NOT_ALLOWED = 405;

  /** Acts on one push body: returns to ack (done, ignored, malformed: one ERROR line), throws to nack. */
  public interface Delivery<W> {
    void deliver(W wiring, PushBody push);
  }

  private final String function;
  private final int maxBodyBytes;
  private final Supplier<W> wiring;
  private final Function<W, StructuredLog> log;
  private final Delivery<W> delivery;

  /**
   * @param log the instance's log, with its context bound (client-deployer's client)
   */
  public PushEndpoint(String function, int maxBodyBytes, Supplier<W> wiring, Function<W, StructuredLog> log,
      Delivery<W> delivery) {
    this.function = function;
    this.maxBodyBytes = maxBodyBytes;
    this.wiring = wiring;
    this.log = log;
    this.delivery = delivery;
  }

  /** The HTTP status for one request. */
  public int answer(String method, InputStream body) throws IOException {
    if (!"POST".equals(method)) {
      return METHOD_NOT_ALLOWED;
    }
    byte[] bytes = body.readNBytes(maxBodyBytes + 1);
    body.transferTo(OutputStream.nullOutputStream());
    W w;
    try {
      w = wiring.get();
    } catch (RuntimeException e) {
      StructuredLog.forComponent(function).error(function + " is misconfigured; Pub/Sub will redeliver: " + e.getMessage());
      return NACK;
    }
    StructuredLog instanceLog = log.apply(w);
    if (bytes.length > maxBodyBytes) {
      instanceLog.error("push body over " + maxBodyBytes + " bytes dropped");
      return ACK;
    }
    PushBody push;
    try {
      push = PushBody.parse(bytes);
    } catch (ContractViolation e) {
      instanceLog.error("malformed push body dropped: " + e.getMessage());
      return ACK;
    }
    try {
      delivery.deliver(w, push);
      return ACK;
    } catch (RuntimeException e) {
      instanceLog.error("delivery failed; Pub/Sub will redeliver: " + e);
      return NACK;
    }
  }
}
