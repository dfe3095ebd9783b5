package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clients/{client}/services/{service}}: one service at one client. client-deployer writes
 * {@code target} and {@code last}, deploy-reporter {@code running}, {@code previous} and {@code last};
 * each writes its parts with a merge. The one owner of the field names, of the parts' maps
 * ({@code toMap}) and of how every reader reads them ({@link #from}): a part that is missing or not
 * a map reads as absent, a field in it that is missing or mistyped as empty.
 */
public record ServiceDocument(
    String service,
    Optional<Target> target,
    Optional<Running> running,
    Optional<Running> previous,
    Optional<Last> last) {

  public static final String SERVICE = "service";
  public static final String TARGET = "target";
  public static final String RUNNING = "running";
  public static final String PREVIOUS = "previous";
  public static final String LAST = "last";

  /** {@code target}: the newest release client-deployer triggered for the service, by which deployment, when. */
  public record Target(ServiceVersion version, String deploymentId, String at) {
    public Map<String, Object> toMap() {
      Map<String, Object> map = versionMap(version);
      map.put("deploymentId", deploymentId);
      map.put("at", at);
      return map;
    }

    static Optional<Target> from(Object value) {
      return value instanceof Map<?, ?> raw
          ? Optional.of(new Target(readVersion(map(raw)), text(raw.get("deploymentId")), text(raw.get("at"))))
          : Optional.empty();
    }
  }

  /** {@code running} / {@code previous}: a release that SUCCEEDED there, since when. */
  public record Running(String releaseId, long sequence, String digest, String image, String since) {
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("releaseId", releaseId);
      map.put("sequence", sequence);
      map.put("digest", digest);
      map.put("image", image);
      map.put("since", since);
      return map;
    }

    public ServiceVersion version() {
      return new ServiceVersion(releaseId, sequence, image, digest);
    }

    static Optional<Running> from(Object value) {
      return value instanceof Map<?, ?> raw
          ? Optional.of(new Running(text(raw.get("releaseId")), number(raw.get("sequence")), text(raw.get("digest")),
              text(raw.get("image")), text(raw.get("since"))))
          : Optional.empty();
    }
  }

  /** {@code last}: the latest deployment event for the service. */
  public record Last(String status, String releaseId, String reason, String buildId, String logUrl, String at) {
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("status", status);
      map.put("releaseId", releaseId);
      map.put("reason", reason);
      map.put("buildId", buildId);
      map.put("logUrl", logUrl);
      map.put("at", at);
      return map;
    }

    static Optional<Last> from(Object value) {
      return value instanceof Map<?, ?> raw
          ? Optional.of(new Last(text(raw.get("status")), text(raw.get("releaseId")), text(raw.get("reason")),
              text(raw.get("buildId")), text(raw.get("logUrl")), text(raw.get("at"))))
          : Optional.empty();
    }
  }

  /** The document as read; one that does not exist reads with every part absent. */
  public static ServiceDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static ServiceDocument from(String service, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    return new ServiceDocument(service, Target.from(doc.get(TARGET)), Running.from(doc.get(RUNNING)),
        Running.from(doc.get(PREVIOUS)), Last.from(doc.get(LAST)));
  }

  /** The deployment that last set {@code target}, {@code ""} when unknown. */
  public String targetDeploymentId() {
    return target.map(Target::deploymentId).orElse("");
  }

  /** {@code {releaseId, sequence, image, digest}}: how a release of one service is stored. */
  static Map<String, Object> versionMap(ServiceVersion version) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("releaseId", version.releaseId());
    map.put("sequence", version.sequence());
    map.put("image", version.image());
    map.put("digest", version.digest());
    return map;
  }

  static ServiceVersion readVersion(Map<String, Object> map) {
    return new ServiceVersion(text(map.get("releaseId")), number(map.get("sequence")), text(map.get("image")),
        text(map.get("digest")));
  }
}
