package com.twosixty.relay.metrics;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The days the keys are computed over: the {@code days} UTC days that end with {@code today}
 * (today included, so far as it has gone).
 */
public record MetricsWindow(int days, LocalDate today) {
  public static final String DEFAULT = "P30D";
  public static final int MAX_DAYS = 366;

  public MetricsWindow {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("a window is 1 to " + MAX_DAYS + " days, got " + days);
    }
  }

  /**
   * @param iso an ISO 8601 duration in whole days ({@code P30D}, {@code P7D}); null or empty for {@link #DEFAULT}
   * @throws IllegalArgumentException for anything else
   */
  public static MetricsWindow parse(String iso, LocalDate today) {
    String value = iso == null || iso.isBlank() ? DEFAULT : iso.trim();
    Duration duration;
    try {
      duration = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("window must be an ISO 8601 duration in days such as P30D, got '" + value + "'");
    }
    if (duration.isNegative() || duration.isZero() || !duration.equals(Duration.ofDays(duration.toDays()))) {
      throw new IllegalArgumentException("window must be a whole number of days such as P30D, got '" + value + "'");
    }
    if (duration.toDays() > MAX_DAYS) {
      throw new IllegalArgumentException("window must be at most P" + MAX_DAYS + "D, got '" + value + "'");
    }
    return new MetricsWindow((int) duration.toDays(), today);
  }

  public LocalDate first() {
    return today.minusDays(days - 1L);
  }

  /** Every day of the window, oldest first. */
  public List<LocalDate> dates() {
    List<LocalDate> dates = new ArrayList<>(days);
    for (LocalDate day = first(); !day.isAfter(today); day = day.plusDays(1)) {
      dates.add(day);
    }
    return dates;
  }

  public String iso() {
    return "P" + days + "D";
  }
}
