package com.twosixty.relay.publisher;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link TlsTransportIT} in a JVM whose classpath is release-publisher's deployable JAR (and
 * this class): publishes one message the way production does (the client's own TLS channel, no
 * plaintext configurator, an OAuth token as call credentials), only to another endpoint. Prints the
 * message id, or the failure's causes, and exits 0 or 1; gives up after the seconds it is given
 * (a publish the channel cannot make stays pending while the client reconnects).
 */
public final class TlsPublishProbe {
  private TlsPublishProbe() {
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    long waitSeconds = Long.parseLong(args[1]);
    GoogleCredentials credentials = GoogleCredentials.create(
        new AccessToken("probe-token", Date.from(Instant.now().plus(Duration.ofHours(1)))));
    Publisher publisher = Publisher.newBuilder(TopicName.of("relay-hub", "releases"))
        .setEnableMessageOrdering(true)
        .setEndpoint(endpoint)
        .setCredentialsProvider(FixedCredentialsProvider.create(credentials))
        .build();
    try {
      String id = publisher.publish(PubsubMessage.newBuilder()
          .setData(ByteString.copyFromUtf8("over TLS"))
          .setOrderingKey("probe")
          .build()).get(waitSeconds, TimeUnit.SECONDS);
      System.out.println("published " + id);
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        System.out.println("failed: " + t);
      }
      System.exit(1);
    } finally {
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
    System.exit(0); // whatever threads the client left, the probe's answer is given
  }
}
