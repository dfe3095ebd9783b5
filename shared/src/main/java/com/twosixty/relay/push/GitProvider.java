package com.twosixty.relay.push;

/** Where a push webhook comes from; the wire name prefixes delivery keys and log fields. */
public enum GitProvider {
  GITLAB("gitlab"),
  GITHUB("github");

  private final String wireName;

  GitProvider(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
