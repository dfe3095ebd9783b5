package com.twosixty.relay.push;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as the webhook sees it, independent of the server it arrived on.
 *
 * @param contentLength the declared length, or -1 when the sender did not declare one (chunked)
 * @param headers first value of each header, names in lower case
 */
public record WebhookRequest(String method, String contentType, long contentLength, Map<String, String> headers,
    InputStream body) {

  public WebhookRequest {
    Objects.requireNonNull(method);
    contentType = contentType == null ? "" : contentType;
    Map<String, String> lowerCased = new HashMap<>();
    headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
    headers = Map.copyOf(lowerCased);
    Objects.requireNonNull(body);
  }

  /** The header's first value, "" when absent; names are case-insensitive. */
  public String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  public boolean hasHeader(String name) {
    return headers.containsKey(name.toLowerCase(Locale.ROOT));
  }
}
