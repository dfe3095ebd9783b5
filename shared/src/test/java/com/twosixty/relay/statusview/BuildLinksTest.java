package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A build's log link: the notification's URL when it is a web address, else Cloud Build's console page. */
class BuildLinksTest {
  @ParameterizedTest(name = "{0} / {1} / {2}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      https://console.cloud.google.com/cloud-build/builds/b1?project=p | b1  | p         | https://console.cloud.google.com/cloud-build/builds/b1?project=p
      http://127.0.0.1:4000/builds/b1                                  | b1  | p         | http://127.0.0.1:4000/builds/b1
      ''                                                               | b1  | relay-acme | https://console.cloud.google.com/cloud-build/builds/b1?project=relay-acme
      ''                                                               | b1  | ''        | https://console.cloud.google.com/cloud-build/builds/b1
      javascript:alert(1)                                              | b/1 | p         | https://console.cloud.google.com/cloud-build/builds/b%2F1?project=p
      ''                                                               | ''  | p         | ''
      null                                                             | null | null     | ''
      """)
  void link(String logUrl, String buildId, String project, String expected) {
    assertEquals(expected, BuildLinks.logUrl(logUrl, buildId, project));
  }
}
