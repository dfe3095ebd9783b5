package com.twosixty.relay.local.standin;

import com.google.container.v1.Cluster;
import com.twosixty.relay.client.ClientDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The clients' GKE clusters as the stand-ins see them: one per client file, its status (RUNNING
 * unless set otherwise) and what the deploy builds have deployed on it.
 */
public final class LocalClusters {
  private final Map<String, ClientDefinition> clients = new LinkedHashMap<>();
  private final Map<String, Cluster.Status> statuses = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Workload>> workloads = new ConcurrentHashMap<>();
  private final Map<String, List<Workload>> history = new ConcurrentHashMap<>();

  public LocalClusters(List<ClientDefinition> definitions) {
    definitions.forEach(d -> clients.put(d.id(), d));
  }

  /** One service as a deploy build left it on the cluster. */
  public record Workload(String service, String image, String digest, String releaseId, String deploymentId,
      String buildId, String deployedAt) {}

  public List<ClientDefinition> clients() {
    return List.copyOf(clients.values());
  }

  public Optional<ClientDefinition> client(String id) {
    return Optional.ofNullable(clients.get(id));
  }

  /** The client whose cluster has this resource name ({@code projects/P/locations/L/clusters/C}). */
  public Optional<ClientDefinition> byResourceName(String name) {
    return clients.values().stream().filter(c -> resourceName(c).equals(name)).findFirst();
  }

  public Optional<ClientDefinition> byProject(String project) {
    return clients.values().stream().filter(c -> c.gcp().project().equals(project)).findFirst();
  }

  public static String resourceName(ClientDefinition client) {
    return "projects/" + client.gcp().project() + "/locations/" + client.cluster().location()
        + "/clusters/" + client.cluster().name();
  }

  public void setStatus(String client, Cluster.Status status) {
    statuses.put(requireKnown(client), status);
  }

  public Cluster.Status status(String client) {
    return statuses.getOrDefault(client, Cluster.Status.RUNNING);
  }

  void deployed(String client, List<Workload> deployedWorkloads) {
    Map<String, Workload> onCluster = workloads.computeIfAbsent(requireKnown(client), c -> new ConcurrentHashMap<>());
    deployedWorkloads.forEach(w -> onCluster.put(w.service(), w));
    history.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).addAll(deployedWorkloads);
  }

  /** Every workload the client's deploy builds put on its cluster, in the order they landed. */
  public List<Workload> history(String client) {
    return List.copyOf(history.getOrDefault(requireKnown(client), List.of()));
  }

  /** What runs on each client's cluster, by client then service. */
  public Map<String, Map<String, Workload>> workloads() {
    Map<String, Map<String, Workload>> copy = new TreeMap<>();
    clients.keySet().forEach(c -> copy.put(c, new TreeMap<>(workloads.getOrDefault(c, Map.of()))));
    return copy;
  }

  private String requireKnown(String client) {
    if (!clients.containsKey(client)) {
      throw new IllegalArgumentException("no client '" + client + "' (known: " + clients.keySet() + ")");
    }
    return client;
  }
}
