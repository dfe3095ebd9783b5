package com.twosixty.relay.local.bridge;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.gson.JsonObject;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.config.RelayFunction.Delivery;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.pubsub.PushBody;
import com.twosixty.relay.testing.CloudEventPost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The delivery part of the local stack, Pub/Sub push and Eventarc alike: for each route, pulls the
 * subscription and POSTs every message to the function in the shape its production wiring sends
 * ({@code RelayFunction.delivery()}): a push subscription's raw push body with an OIDC bearer token
 * and no CloudEvent headers, or Eventarc's binary-mode Pub/Sub CloudEvent. A 2xx acks; anything else
 * (or no answer) nacks after a backoff, so Pub/Sub redelivers and, after the subscription's maximum
 * delivery attempts, dead-letters it: retries and poison messages behave as on GCP.
 */
public final class DeliveryBridge implements AutoCloseable {
  /** Deliveries in flight per route: the local counterpart of a function's max instances. */
  private static final int MAX_IN_FLIGHT = 8;

  /** One subscription feeding one function, in the shape its wiring delivers. */
  public record Route(String name, SubscriptionName subscription, TopicName topic, URI function, Delivery delivery) {
    public Route {
      if (delivery == Delivery.DIRECT) {
        throw new IllegalArgumentException(name + ": a function called directly is fed by no subscription");
      }
    }
  }

  /** Exponential backoff between a failed delivery and the next attempt, as a push subscription's retry policy. */
  public record RetryPolicy(Duration minimumBackoff, Duration maximumBackoff) {
    public Duration backoff(int attempt) {
      long millis = minimumBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
      return Duration.ofMillis(Math.min(millis, maximumBackoff.toMillis()));
    }
  }

  private final SubscriberStub subscriber;
  private final RetryPolicy retry;
  private final Duration functionTimeout;
  private final StructuredLog log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService deliveries = Executors.newCachedThreadPool(daemon("bridge-delivery"));
  private final ScheduledExecutorService nacks = Executors.newSingleThreadScheduledExecutor(daemon("bridge-nack"));
  private final List<Thread> pullers = new ArrayList<>();
  private volatile boolean running = true;
  private volatile int copies = 1;
  /** Messages pulled and neither acked nor handed back yet (a nack waiting out its backoff counts). */
  private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

  private DeliveryBridge(SubscriberStub subscriber, RetryPolicy retry, Duration functionTimeout, StructuredLog log) {
    this.subscriber = subscriber;
    this.retry = retry;
    this.functionTimeout = functionTimeout;
    this.log = log;
  }

  /**
   * @param subscriber pull client of the Pub/Sub emulator; the bridge closes it
   * @param functionTimeout how long a function may take to answer (Cloud Functions' timeout)
   */
  public static DeliveryBridge start(SubscriberStub subscriber, List<Route> routes, RetryPolicy retry,
      Duration functionTimeout, StructuredLog log) {
    DeliveryBridge bridge = new DeliveryBridge(subscriber, retry, functionTimeout, log);
    for (Route route : routes) {
      Thread puller = new Thread(() -> bridge.pullLoop(route), "bridge-pull-" + route.name());
      puller.setDaemon(true);
      bridge.pullers.add(puller);
      puller.start();
    }
    return bridge;
  }

  private void pullLoop(Route route) {
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    while (running) {
      int wanted;
      try {
        inFlight.acquire();
        wanted = 1 + inFlight.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      List<ReceivedMessage> received;
      try {
        PullResponse response = subscriber.pullCallable().call(PullRequest.newBuilder()
            .setSubscription(route.subscription().toString()).setMaxMessages(wanted).build());
        received = response.getReceivedMessagesList();
      } catch (RuntimeException e) {
        inFlight.release(wanted);
        if (running) {
          // A long pull that timed out empty is normal; anything else gets a pause before retrying.
          if (!(e instanceof com.google.api.gax.rpc.DeadlineExceededException)) {
            log.warn("pull failed: " + e.getMessage(), "route", route.name());
            pause(500);
          }
          continue;
        }
        return;
      }
      inFlight.release(wanted - received.size());
      outstanding.addAndGet(received.size());
      for (ReceivedMessage message : received) {
        for (int copy = 1; copy < copies; copy++) {
          deliveries.execute(() -> deliverCopy(route, message));
        }
        deliveries.execute(() -> {
          try {
            deliver(route, message);
          } finally {
            inFlight.release();
          }
        });
      }
    }
  }

  private void deliver(Route route, ReceivedMessage received) {
    PubsubMessage message = received.getMessage();
    int attempt = Math.max(1, received.getDeliveryAttempt());
    long started = System.nanoTime();
    int status;
    String failure = "";
    try {
      HttpResponse<String> response = http.send(request(route, received), HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      if (status / 100 != 2) {
        failure = abbreviate(response.body());
      }
    } catch (IOException e) {
      status = 0;
      failure = "no answer: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (!running) {
      return;
    }
    if (status / 100 == 2) {
      try {
        subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder()
            .setSubscription(route.subscription().toString()).addAckIds(received.getAckId()).build());
      } finally {
        outstanding.decrementAndGet();
      }
      log.info("delivered", "route", route.name(), "messageId", message.getMessageId(), "attempt", attempt,
          "status", status, "millis", millis);
      return;
    }
    Duration backoff = retry.backoff(attempt);
    log.warn("delivery failed; redelivery after backoff", "route", route.name(), "messageId", message.getMessageId(),
        "attempt", attempt, "status", status, "millis", millis, "backoffMillis", backoff.toMillis(), "answer", failure);
    nacks.schedule(() -> nack(route, received), backoff.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** No message is being delivered or waiting to be handed back for redelivery. */
  public boolean idle() {
    return outstanding.get() == 0;
  }

  /**
   * Delivers every message {@code copies} times, the copies concurrently with the original: Pub/Sub
   * delivers at least once, and the reliability suite makes it more than once on purpose.
   */
  public void deliverEachMessage(int copies) {
    this.copies = Math.max(1, copies);
  }

  /** A duplicate delivery: its answer neither acks nor nacks (the original's does). */
  private void deliverCopy(Route route, ReceivedMessage received) {
    try {
      HttpResponse<String> response = http.send(request(route, received), HttpResponse.BodyHandlers.ofString());
      log.info("duplicate delivered", "route", route.name(), "messageId", received.getMessage().getMessageId(),
          "status", response.statusCode());
    } catch (IOException e) {
      log.warn("duplicate delivery got no answer: " + e.getMessage(), "route", route.name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An ack deadline of zero hands the message back for redelivery now (and counts an attempt). */
  private void nack(Route route, ReceivedMessage received) {
    outstanding.decrementAndGet();
    if (!running) {
      return;
    }
    try {
      subscriber.modifyAckDeadlineCallable().call(ModifyAckDeadlineRequest.newBuilder()
          .setSubscription(route.subscription().toString()).addAckIds(received.getAckId()).setAckDeadlineSeconds(0).build());
    } catch (ApiException e) {
      log.warn("nack failed; the ack deadline will redeliver it: " + e.getMessage(), "route", route.name());
    }
  }

  /**
   * The request production sends for this message. A redelivery carries the message's own publish
   * time (functions drop messages older than RELAY_MAX_EVENT_AGE) and its delivery attempt.
   */
  static HttpRequest request(Route route, ReceivedMessage received, Duration timeout) {
    PubsubMessage message = received.getMessage();
    String publishTime = Timestamps.toString(message.getPublishTime());
    String body = PushBody.write(new PubSubMessage(message.getMessageId(), message.getAttributesMap(),
        message.getData().toByteArray(), publishTime, message.getOrderingKey()), route.subscription().toString(),
        received.getDeliveryAttempt());
    HttpRequest.Builder request = HttpRequest.newBuilder(route.function())
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + oidcToken(route));
    if (route.delivery() == Delivery.EVENTARC) {
      request.header("ce-specversion", "1.0")
          .header("ce-id", message.getMessageId())
          .header("ce-type", CloudEventPost.PUBSUB_EVENT_TYPE)
          .header("ce-source", "//pubsub.googleapis.com/" + route.topic())
          .header("ce-time", publishTime);
    }
    return request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
  }

  private HttpRequest request(Route route, ReceivedMessage received) {
    return request(route, received, functionTimeout);
  }

  /**
   * An unsigned token shaped as the OIDC token Pub/Sub (or Eventarc) signs for the subscription's
   * service account, audience the endpoint. In production Cloud Run verifies it before the function
   * runs; nothing here does.
   */
  static String oidcToken(Route route) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject header = new JsonObject();
    header.addProperty("alg", "none");
    header.addProperty("typ", "JWT");
    JsonObject claims = new JsonObject();
    claims.addProperty("iss", "https://accounts.google.com");
    claims.addProperty("aud", route.function().toString());
    claims.addProperty("email", (route.delivery() == Delivery.EVENTARC ? "relay-eventarc-trigger" : "relay-push-invoker")
        + "@" + route.subscription().getProject() + ".iam.gserviceaccount.com");
    return base64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    running = false;
    nacks.shutdownNow();
    deliveries.shutdownNow();
    subscriber.shutdownNow();
    // Pullers are daemon threads blocked in a long pull; with running false they deliver nothing more.
    pullers.forEach(Thread::interrupt);
  }
}
