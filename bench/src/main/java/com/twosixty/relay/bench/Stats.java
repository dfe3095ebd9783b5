package com.twosixty.relay.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and 95th percentile (nearest rank) of a sample. */
public record Stats(double median, double p95, int n) {
  public static Stats of(List<Double> sample) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("empty sample");
    }
    List<Double> sorted = new ArrayList<>(sample);
    Collections.sort(sorted);
    int size = sorted.size();
    double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    double p95 = sorted.get((int) Math.ceil(0.95 * size) - 1);
    return new Stats(median, p95, size);
  }
}
