package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.Release;
import java.util.List;

/** {@code releases/{releaseId}} as client-deployer stores it. */
public record ReleaseRecord(
    String releaseId,
    long sequence,
    String channel,
    String createdAt,
    String receivedAt,
    Release.Source source,
    List<Release.ServiceImage> services) {

  public ReleaseRecord {
    services = List.copyOf(services);
  }

  public List<String> serviceNames() {
    return services.stream().map(Release.ServiceImage::name).toList();
  }
}
