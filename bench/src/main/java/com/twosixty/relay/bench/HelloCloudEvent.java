package com.twosixty.relay.bench;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;

/** The floor for CloudEvent functions. */
public final class HelloCloudEvent implements CloudEventsFunction {
  @Override
  public void accept(CloudEvent event) {
    if (event.getId() == null) {
      throw new IllegalArgumentException("no id");
    }
  }
}
