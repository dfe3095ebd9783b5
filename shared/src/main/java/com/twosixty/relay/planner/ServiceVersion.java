package com.twosixty.relay.planner;

import com.twosixty.relay.contract.ImageRef;

/** A release of one service at a client: what it was told to run, or runs. */
public record ServiceVersion(String releaseId, long sequence, String image, String digest) {
  public ImageRef imageRef() {
    return new ImageRef(image, digest);
  }

  /** {@code image@digest}. */
  public String reference() {
    return imageRef().reference();
  }
}
