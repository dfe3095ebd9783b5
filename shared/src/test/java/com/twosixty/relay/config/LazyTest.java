package com.twosixty.relay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void nothingIsBuiltUntilAsked() {
    AtomicInteger builds = new AtomicInteger();
    Lazy<Object> lazy = Lazy.of(() -> {
      builds.incrementAndGet();
      return new Object();
    });
    assertEquals(0, builds.get());
    Object first = lazy.get();
    assertSame(first, lazy.get());
    assertEquals(1, builds.get());
  }

  @Test
  void aFirstEventArrivingMidwayWaitsForTheBackgroundBuildInsteadOfBuildingAgain() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Lazy<Object> lazy = Lazy.of(() -> {
      builds.incrementAndGet();
      building.countDown();
      await(finish);
      return new Object();
    }).buildInBackground("lazy-test-start");
    assertTrue(building.await(5, TimeUnit.SECONDS), "the background build started");

    Thread event = new Thread(lazy::get);
    event.start();
    finish.countDown();
    event.join(5000);
    lazy.get();

    assertEquals(1, builds.get());
  }

  @Test
  void aBackgroundFailureIsThrownToTheFirstEventNotSwallowed() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch failedOnce = new CountDownLatch(1);
    Lazy<Object> lazy = Lazy.of(() -> {
      attempts.incrementAndGet();
      failedOnce.countDown();
      throw new IllegalStateException("RELAY_HUB_PROJECT is required");
    }).buildInBackground("lazy-test-start");
    assertTrue(failedOnce.await(5, TimeUnit.SECONDS));

    IllegalStateException thrown = assertThrows(IllegalStateException.class, lazy::get);

    assertEquals("RELAY_HUB_PROJECT is required", thrown.getMessage());
    assertTrue(attempts.get() >= 2, "the event built again rather than finding a kept failure");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
