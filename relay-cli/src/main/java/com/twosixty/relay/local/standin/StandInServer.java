package com.twosixty.relay.local.standin;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A plaintext gRPC server on a free local port: what RELAY_*_ENDPOINT points a function's client at. */
public final class StandInServer implements AutoCloseable {
  private final Server server;

  private StandInServer(Server server) {
    this.server = server;
  }

  public static StandInServer start(BindableService service) {
    try {
      return new StandInServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(service)
          .build()
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in for " + service.getClass().getSimpleName(), e);
    }
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
