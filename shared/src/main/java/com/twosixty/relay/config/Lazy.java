package com.twosixty.relay.config;

import java.util.function.Supplier;

/**
 * A value built on first use and kept: how a function instance holds its clients, so that class
 * loading does no work the first event does not need.
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
