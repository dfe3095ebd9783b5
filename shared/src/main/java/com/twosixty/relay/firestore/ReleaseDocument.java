package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.list;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.contract.Release;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code releases/{releaseId}}: the one owner of its field names, of what client-deployer writes
 * ({@link #toMap}) and of how every reader reads it ({@link #from}). Missing or mistyped fields read
 * as empty, so a half-written or older document still reads.
 */
public record ReleaseDocument(
    String releaseId,
    long sequence,
    String channel,
    String createdAt,
    String receivedAt,
    Release.Source source,
    List<Release.ServiceImage> services,
    String body) {

  public static final String COLLECTION = "releases";
  public static final String RELEASE_ID = "releaseId";
  public static final String SEQUENCE = "sequence";
  public static final String CHANNEL = "channel";
  public static final String CREATED_AT = "createdAt";
  public static final String SOURCE = "source";
  public static final String SERVICES = "services";
  /** The release as its {@code relay.release/v1} JSON, which client-deployer reads back whole. */
  public static final String BODY = "body";
  public static final String RECEIVED_AT = "receivedAt";

  public ReleaseDocument {
    services = List.copyOf(services);
  }

  /** What client-deployer stores for {@code release}, received at {@code now}. */
  public static Map<String, Object> toMap(Release release, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(RELEASE_ID, release.releaseId());
    doc.put(SEQUENCE, release.sequence());
    doc.put(CHANNEL, release.channel().wireName());
    doc.put(CREATED_AT, release.createdAt());
    doc.put(SOURCE, Map.of("repo", release.source().repo(), "branch", release.source().branch(),
        "commit", release.source().commit(), "buildId", release.source().buildId(),
        "commitTime", release.source().commitTime()));
    List<Map<String, Object>> services = new ArrayList<>();
    for (Release.ServiceImage s : release.services()) {
      services.add(Map.of("name", s.name(), "image", s.image(), "digest", s.digest(), "tag", s.tag()));
    }
    doc.put(SERVICES, services);
    doc.put(BODY, ContractCodec.toJson(release));
    doc.put(RECEIVED_AT, now.toString());
    return doc;
  }

  /** An existing document; the release id is the document's id. */
  public static ReleaseDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static ReleaseDocument from(String releaseId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    Map<String, Object> source = map(doc.get(SOURCE));
    List<Release.ServiceImage> services = new ArrayList<>();
    for (Object item : list(doc.get(SERVICES))) {
      if (item instanceof Map<?, ?> service) {
        services.add(new Release.ServiceImage(text(service.get("name")), text(service.get("image")),
            text(service.get("digest")), text(service.get("tag"))));
      }
    }
    return new ReleaseDocument(releaseId, number(doc.get(SEQUENCE)), text(doc.get(CHANNEL)), text(doc.get(CREATED_AT)),
        text(doc.get(RECEIVED_AT)),
        new Release.Source(text(source.get("repo")), text(source.get("branch")), text(source.get("commit")),
            text(source.get("buildId")), text(source.get("commitTime"))),
        services, text(doc.get(BODY)));
  }

  /** Each service's image, by service name. */
  public Map<String, ImageRef> images() {
    Map<String, ImageRef> images = new LinkedHashMap<>();
    services.forEach(s -> images.put(s.name(), s.imageRef()));
    return images;
  }
}
