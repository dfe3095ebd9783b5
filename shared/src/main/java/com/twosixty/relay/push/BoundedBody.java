package com.twosixty.relay.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a request body up to a limit, never holding more than the limit plus one byte. */
public final class BoundedBody {
  private BoundedBody() {}

  /** The whole body, or empty when it is longer than {@code maxBytes}. */
  public static Optional<byte[]> read(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(maxBytes + 1, 64 * 1024));
    byte[] buffer = new byte[8192];
    long remaining = maxBytes + 1;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        return Optional.of(body.toByteArray());
      }
      body.write(buffer, 0, read);
      remaining -= read;
    }
    return Optional.empty();
  }

  /**
   * Reads and drops up to {@code maxBytes} more, so that a sender still writing an oversized body
   * reads our 413 instead of a reset connection; a body longer still is cut off.
   */
  public static void discard(InputStream in, long maxBytes) {
    byte[] buffer = new byte[8192];
    long remaining = maxBytes;
    try {
      while (remaining > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (read < 0) {
          return;
        }
        remaining -= read;
      }
    } catch (IOException gone) {
      // The sender went away: nothing left to answer.
    }
  }
}
