package com.twosixty.relay.statusview;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One service's pin as the planner applies it, and where it comes from: the client file
 * ({@link #FILE}) or an operator's pin or unpin command ({@link #COMMAND}, stored in
 * {@code clients/{client}.pins}, which overrides the file).
 *
 * @param releaseId the release the service stays on; {@code ""} when a command unpinned a file pin
 * @param fileReleaseId the client file's pin of the service, {@code ""} when the file pins nothing
 */
public record Pin(String service, String releaseId, String source, String fileReleaseId) {
  public static final String FILE = "file";
  public static final String COMMAND = "command";

  /** Whether the service is held at all (an unpin command leaves an entry that holds nothing). */
  public boolean holds() {
    return !releaseId.isEmpty();
  }

  /**
   * Every service either source names, by service: a runtime entry overrides the file's, a runtime
   * {@code ""} lifts it (the planner's rule, {@link com.twosixty.relay.planner.ReleasePlanner}).
   */
  public static Map<String, Pin> merge(Map<String, String> filePins, Map<String, String> runtimePins) {
    Map<String, Pin> pins = new TreeMap<>();
    TreeSet<String> services = new TreeSet<>(filePins.keySet());
    services.addAll(runtimePins.keySet());
    for (String service : services) {
      String file = filePins.getOrDefault(service, "");
      String runtime = runtimePins.get(service);
      if (runtime != null) {
        if (!runtime.isEmpty() || !file.isEmpty()) {
          pins.put(service, new Pin(service, runtime, COMMAND, file));
        }
      } else {
        pins.put(service, new Pin(service, file, FILE, file));
      }
    }
    return Collections.unmodifiableMap(pins);
  }
}
