package com.twosixty.relay.metrics;

/** Port: the four keys over a window, read from the day buckets (at most the window's days per client). */
public interface MetricsReader {
  MetricsReport read(MetricsWindow window);
}
