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
    Optional<RunningRelease> running,
    Optional<RunningRelease> previous,
    Optional<LastEvent> last) {

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

  /** The document as read; one that does not exist reads with every part absent. */
  public static ServiceDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static ServiceDocument from(String service, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    return new ServiceDocument(service, Target.from(doc.get(TARGET)), RunningRelease.from(doc.get(RUNNING)),
        RunningRelease.from(doc.get(PREVIOUS)), LastEvent.from(doc.get(LAST)));
  }

  /** A service with no document: every part absent. */
  public static ServiceDocument none(String service) {
    return new ServiceDocument(service, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The newest version client-deployer triggered for the service. */
  public Optional<ServiceVersion> targetVersion() {
    return target.map(Target::version);
  }

  /** The version that runs there now. */
  public Optional<ServiceVersion> runningVersion() {
    return running.map(RunningRelease::version);
  }

  /** The version that ran before {@link #running}: where a rollback goes. */
  public Optional<ServiceVersion> previousVersion() {
    return previous.map(RunningRelease::version);
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
