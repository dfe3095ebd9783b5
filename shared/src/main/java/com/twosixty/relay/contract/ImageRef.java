package com.twosixty.relay.contract;

/**
 * A service's image pinned by digest, written {@code image@sha256:…} (as in a deploy build's
 * {@code _IMAGES}). {@link #parse} and {@link #reference} are each other's inverse.
 */
public record ImageRef(String image, String digest) {

  /**
   * {@code image@digest}, split at the last {@code @}; a reference without an image or without a
   * digest is an IllegalArgumentException naming it.
   */
  public static ImageRef parse(String reference) {
    int at = reference.lastIndexOf('@');
    if (at <= 0 || at == reference.length() - 1) {
      throw new IllegalArgumentException("'" + reference + "' is not image@digest");
    }
    return new ImageRef(reference.substring(0, at), reference.substring(at + 1));
  }

  /**
   * The image name of a reference that may or may not end in {@code @digest} (Cloud Build's
   * {@code results.images[].name}): the part before the digest, else the reference itself.
   */
  public static String withoutDigest(String reference) {
    int at = reference.lastIndexOf('@');
    return at < 0 ? reference : reference.substring(0, at);
  }

  /** {@code image@digest}: what {@link #parse} reads. */
  public String reference() {
    return image + "@" + digest;
  }
}
