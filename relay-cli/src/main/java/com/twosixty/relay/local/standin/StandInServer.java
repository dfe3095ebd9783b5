package com.twosixty.relay.local.standin;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC server on a free local port: what RELAY_*_ENDPOINT points a function's client at.
 * It keeps the user agents of its callers, which name the gRPC transport they use.
 */
public final class StandInServer implements AutoCloseable {
  private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  private final Set<String> userAgents = ConcurrentHashMap.newKeySet();
  private final Server server;

  private StandInServer(BindableService service) throws IOException {
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, this::recordUserAgent))
        .build()
        .start();
  }

  public static StandInServer start(BindableService service) {
    try {
      return new StandInServer(service);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in for " + service.getClass().getSimpleName(), e);
    }
  }

  private <Q, R> ServerCall.Listener<Q> recordUserAgent(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    userAgents.add(String.valueOf(headers.get(USER_AGENT)));
    return next.startCall(call, headers);
  }

  public Set<String> userAgents() {
    return Set.copyOf(userAgents);
  }

  /** host:port, the value of the endpoint override. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
