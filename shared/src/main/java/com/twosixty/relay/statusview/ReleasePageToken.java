package com.twosixty.relay.statusview;

import com.twosixty.relay.statusview.StatusReader.ReleaseCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The opaque {@code pageToken} of {@code /api/releases}: where the previous page ended. */
public final class ReleasePageToken {
  private static final Pattern TOKEN = Pattern.compile("^r1:(\\d{1,19}):([A-Za-z0-9][A-Za-z0-9._-]{0,127})$");

  private ReleasePageToken() {}

  public static String encode(ReleaseCursor cursor) {
    String raw = "r1:" + cursor.sequence() + ":" + cursor.releaseId();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code ""} is the first page; anything this API did not hand out is a {@link BadRequest}. */
  public static Optional<ReleaseCursor> decode(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    Matcher matcher = TOKEN.matcher(raw);
    if (!matcher.matches()) {
      throw invalid();
    }
    try {
      return Optional.of(new ReleaseCursor(Long.parseLong(matcher.group(1)), matcher.group(2)));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static BadRequest invalid() {
    return new BadRequest("pageToken is not a token this API handed out; start again without it");
  }
}
