package com.twosixty.relay.config;

import java.util.function.Supplier;

/**
 * A value built on first use and kept: how a function instance holds its clients, so that class
 * loading does no work the first event does not need. {@link #buildInBackground} starts building it
 * when the instance starts, beside the invoker's own start, for the first event to find it ready.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  public static <T> Lazy<T> of(Supplier<T> factory) {
    return new Lazy<>(factory);
  }

  /**
   * Builds the value on a daemon thread now, so that the first {@link #get} waits only for what is
   * left. A failure is not kept: {@link #get} builds again and throws it to the caller, which logs it.
   */
  public Lazy<T> buildInBackground(String threadName) {
    Thread builder = new Thread(() -> {
      try {
        get();
      } catch (RuntimeException e) {
        // the first event builds again and reports it
      }
    }, threadName);
    builder.setDaemon(true);
    builder.start();
    return this;
  }

  @Override
  public T get() {
    T result = value;
    if (result == null) {
      synchronized (this) {
        if (value == null) {
          value = factory.get();
        }
        result = value;
      }
    }
    return result;
  }
}
