package com.twosixty.relay.report;

/** A service's image pinned by digest, as a deploy build's {@code _IMAGES} lists it. */
public record ImageRef(String image, String digest) {

  /** {@code image@sha256:…}; anything without a digest is {@code null}. */
  static ImageRef parse(String reference) {
    int at = reference.lastIndexOf('@');
    if (at <= 0 || at == reference.length() - 1) {
      return null;
    }
    return new ImageRef(reference.substring(0, at), reference.substring(at + 1));
  }
}
