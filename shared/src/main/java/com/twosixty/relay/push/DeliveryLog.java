package com.twosixty.relay.push;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Port: the deliveries push-webhook has acted on, so that a redelivered webhook or a second
 * webhook for the same commit starts no second build.
 *
 * <p>A delivery is claimed before its build runs, so two identical deliveries arriving together
 * start one build; a claim whose build could not be started is released, so the sender's retry
 * builds.
 */
public interface DeliveryLog {

  /**
   * What identifies one delivery: the provider's delivery id when it sent one, and always the
   * (branch, commit) pair.
   */
  record Delivery(GitProvider provider, String deliveryId, String branch, String commit) {
    public Delivery {
      Objects.requireNonNull(provider);
      Objects.requireNonNull(deliveryId);
      Objects.requireNonNull(branch);
      Objects.requireNonNull(commit);
    }

    /** Document keys, as the README's Firestore layout names them; each is a valid document id. */
    public List<String> keys() {
      List<String> keys = new ArrayList<>(2);
      if (!deliveryId.isEmpty()) {
        keys.add(provider.wireName() + "-" + encode(deliveryId));
      }
      keys.add("commit-" + encode(branch) + "-" + commit);
      return keys;
    }

    /** Document ids cannot hold '/' (a hotfix/x branch does): percent-encode what is not plain. */
    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A");
    }
  }

  sealed interface Claim permits Claimed, AlreadySeen {}

  /** This delivery is ours to build. */
  record Claimed() implements Claim {}

  /**
   * An earlier delivery with one of the same keys was built or is being built.
   *
   * @param buildId the earlier build's id, "" while its build is still being started
   */
  record AlreadySeen(String key, String buildId) implements Claim {}

  /** Claims every key of the delivery at once, or none when any is already taken. */
  Claim claim(Delivery delivery);

  /** Records the build a claimed delivery started. */
  void recordBuild(Delivery delivery, String buildId, List<String> services);

  /** Gives up a claim whose build did not start, so a retry of the delivery can build. */
  void release(Delivery delivery);
}
