package com.twosixty.relay.config;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import io.grpc.ManagedChannelBuilder;

/**
 * An endpoint override for a Google API client (RELAY_CLOUDBUILD_ENDPOINT, RELAY_CONTAINER_ENDPOINT):
 * a plaintext channel to {@code host:port} and no credentials, as the local stand-ins serve them.
 */
public record GrpcEndpoint(String hostAndPort) {

  public TransportChannelProvider channel() {
    return InstantiatingGrpcChannelProvider.newBuilder()
        .setEndpoint(hostAndPort)
        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
        .build();
  }

  public CredentialsProvider credentials() {
    return NoCredentialsProvider.create();
  }
}
