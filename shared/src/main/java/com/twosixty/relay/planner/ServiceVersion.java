package com.twosixty.relay.planner;

/** A release of one service at a client: what it was told to run, or runs. */
public record ServiceVersion(String releaseId, long sequence, String image, String digest) {
  public String reference() {
    return image + "@" + digest;
  }
}
