package com.twosixty.relay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.client.ClientDefinition.FreezeWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a weekly freeze window is open at an instant, and until when: northwind's weekend window and a few edges. */
class FreezeWindowTest {
  @ParameterizedTest(name = "{0} {1} {2} {3} at {4}")
  @CsvSource(delimiter = '|', textBlock = """
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-12-04T15:59:59Z | ''
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-12-04T16:00:00Z | 2026-12-07T08:00Z
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-12-06T12:00:00Z | 2026-12-07T08:00Z
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-12-07T07:59:59Z | 2026-12-07T08:00Z
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-12-07T08:00:00Z | ''
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-06-05T15:30:00Z | 2026-06-08T08:00+01:00
      FRIDAY  | 16:00 | PT64H  | Europe/London | 2026-06-05T14:59:59Z | ''
      MONDAY  | 00:00 | PT168H | UTC           | 2026-12-09T10:00:00Z | 2026-12-14T00:00Z
      SUNDAY  | 22:00 | PT4H   | UTC           | 2026-12-07T01:00:00Z | 2026-12-07T02:00Z
      SUNDAY  | 22:00 | PT4H   | UTC           | 2026-12-07T02:00:00Z | ''
      """)
  void openUntil(DayOfWeek day, LocalTime start, Duration duration, ZoneId zone, Instant at, String until) {
    FreezeWindow window = new FreezeWindow(day, start, duration, zone);
    assertEquals(until, window.openUntil(at).map(u -> u.toOffsetDateTime().toString()).orElse(""));
    assertEquals(!until.isEmpty(), window.covers(at));
  }
}
