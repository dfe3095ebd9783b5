package com.twosixty.relay.contract;

/** A message of one of Relay's versioned contracts. */
public sealed interface RelayMessage permits Release, DeploymentEvent, Command {
  /** The contract's name and version, carried in the body and as the {@code schema} attribute. */
  String schema();
}
