package com.twosixty.relay.contract;

import java.util.List;
import java.util.Optional;

/** relay.release/v1: one monorepo build's images, versioned and ordered by {@code sequence}. */
public record Release(
    String releaseId,
    long sequence,
    Source source,
    String createdAt,
    Channel channel,
    List<ServiceImage> services) implements RelayMessage {

  public static final String SCHEMA = "relay.release/v1";

  public Release {
    services = List.copyOf(services);
  }

  @Override
  public String schema() {
    return SCHEMA;
  }

  public Optional<ServiceImage> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public record Source(String repo, String branch, String commit, String buildId) {}

  /** One service's image, pinned by digest. */
  public record ServiceImage(String name, String image, String digest, String tag) {
    public ImageRef imageRef() {
      return new ImageRef(image, digest);
    }

    /** {@code image@digest}, the reference a deployment uses. */
    public String reference() {
      return imageRef().reference();
    }
  }
}
