package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.metrics.DoraMetrics;
import com.twosixty.relay.metrics.MetricsDay;
import com.twosixty.relay.metrics.MetricsJson;
import com.twosixty.relay.metrics.MetricsWindow;
import com.twosixty.relay.metrics.ServiceDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsCommandTest {

  @Test
  void theApiAnswerPrintsAsATableOfEachKey() {
    LocalDate today = LocalDate.parse("2026-12-07");
    String answer = MetricsJson.toJson(DoraMetrics.compute(MetricsWindow.parse("P7D", today), Map.of(
        "essence", List.of(new MetricsDay(today, Map.of("billing", new ServiceDay(3, 1, 0, List.of(600L, 3600L, 7200L), List.of(900L))))))));

    assertEquals("""
        four keys over P7D (2026-12-01 – 2026-12-07 UTC)
        scope                     deploys  per day   lead p50   lead p90    change fail   recovery
        all clients                     4     0.43         1h         2h        25% (1)        15m
        essence                         4     0.43         1h         2h        25% (1)        15m
          billing                       4     0.43         1h         2h        25% (1)        15m
        """, MetricsCommand.table(MetricsJson.fromJson(answer)));
  }
}
