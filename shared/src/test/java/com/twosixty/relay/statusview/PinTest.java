package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins from the client file and from commands, merged as the planner applies them. */
class PinTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("none", Map.of(), Map.of(), Map.of()),
        Arguments.of("the file's", Map.of("billing", "r-1"), Map.of(), Map.of("billing", new Pin("billing", "r-1", "file", "r-1"))),
        Arguments.of("a command's", Map.of(), Map.of("portal", "r-2"), Map.of("portal", new Pin("portal", "r-2", "command", ""))),
        Arguments.of("a command overrides the file", Map.of("billing", "r-1"), Map.of("billing", "r-2"),
            Map.of("billing", new Pin("billing", "r-2", "command", "r-1"))),
        Arguments.of("an unpin lifts the file's", Map.of("billing", "r-1"), Map.of("billing", ""),
            Map.of("billing", new Pin("billing", "", "command", "r-1"))),
        Arguments.of("an unpin of nothing is nothing", Map.of(), Map.of("billing", ""), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void merge(String name, Map<String, String> file, Map<String, String> runtime, Map<String, Pin> expected) {
    assertEquals(expected, Pin.merge(file, runtime), name);
  }
}
