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

  /**
   * @param commitTime when {@code commit} was made (RFC 3339), {@code ""} when unknown (a release from
   *     before the field existed, or a push whose payload did not say): where lead time starts
   */
  public record Source(String repo, String branch, String commit, String buildId, String commitTime) {
    public Source {
      commitTime = commitTime == null ? "" : commitTime;
    }

    public Source(String repo, String branch, String commit, String buildId) {
      this(repo, branch, commit, buildId, "");
    }

    public Optional<java.time.Instant> commitInstant() {
      try {
        return commitTime.isEmpty() ? Optional.empty() : Optional.of(java.time.Instant.parse(commitTime));
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

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
