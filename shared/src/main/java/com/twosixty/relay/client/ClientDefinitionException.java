package com.twosixty.relay.client;

/** A client definition that cannot be used; the message names the source and the field. */
public class ClientDefinitionException extends RuntimeException {
  public ClientDefinitionException(String message) {
    super(message);
  }
}
