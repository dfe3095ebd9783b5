package com.twosixty.relay.planner;

import com.twosixty.relay.contract.ImageRef;

/** A release of one service at a client: what it was told to run, or runs. */
public record ServiceVersion(String releaseId, long sequence, ImageRef imageRef) {

  public ServiceVersion(String releaseId, long sequence, String image, String digest) {
    this(releaseId, sequence, new ImageRef(image, digest));
  }

  public String image() {
    return imageRef.image();
  }

  public String digest() {
    return imageRef.digest();
  }

  /** {@code image@digest}. */
  public String reference() {
    return imageRef.reference();
  }
}
