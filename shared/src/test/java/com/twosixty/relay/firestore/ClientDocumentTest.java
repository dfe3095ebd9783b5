package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.firestore.FieldValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientDocumentTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:16:00Z");

  /** What Firestore holds after these merges, one after the other. */
  private static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> update) {
    Map<String, Object> doc = new LinkedHashMap<>(base);
    update.forEach((field, value) -> {
      if (value instanceof Map<?, ?> map && doc.get(field) instanceof Map<?, ?> old) {
        Map<Object, Object> both = new LinkedHashMap<>(old);
        both.putAll(map);
        doc.put(field, both);
      } else {
        doc.put(field, value);
      }
    });
    return doc;
  }

  @Test
  void createdPinnedAndFrozenReadBackAsWritten() {
    Map<String, Object> created = ClientDocument.created("northwind", NOW);
    assertEquals(Map.of("id", "northwind", "updatedAt", NOW.toString()), created);
    assertEquals(new ClientDocument("northwind", "", false, "", "", Map.of(), NOW.toString(), Optional.empty()),
        ClientDocument.from("northwind", created));

    Map<String, Object> pinned = merged(created, ClientDocument.pin("northwind", "billing", "r1", NOW));
    pinned = merged(pinned, ClientDocument.pin("northwind", "portal", "", NOW));
    Map<String, Object> frozen = merged(pinned, ClientDocument.freeze("northwind", true, "ops@x", "change freeze", NOW));
    assertEquals(new ClientDocument("northwind", "", true, "change freeze", "ops@x",
        Map.of("billing", "r1", "portal", ""), NOW.toString(), Optional.empty()), ClientDocument.from("northwind", frozen));

    Map<String, Object> thawed = merged(frozen, ClientDocument.freeze("northwind", false, "ops@y", "over", NOW));
    assertEquals(Map.of("id", "northwind", "frozen", false, "frozenBy", "", "freezeReason", "", "updatedAt", NOW.toString()),
        ClientDocument.freeze("northwind", false, "ops@y", "over", NOW), "unfreezing clears who and why");
    assertEquals(new ClientDocument("northwind", "", false, "", "", Map.of("billing", "r1", "portal", ""),
        NOW.toString(), Optional.empty()), ClientDocument.from("northwind", thawed));
  }

  @Test
  void missingOrMistypedFieldsReadAsEmpty() {
    Map<String, Object> stored = new HashMap<>();
    stored.put("displayName", "Northwind Health");
    stored.put("frozen", "yes");
    stored.put("pins", Map.of("billing", 7));
    assertEquals(new ClientDocument("northwind", "Northwind Health", false, "", "", Map.of("billing", ""), "", Optional.empty()),
        ClientDocument.from("northwind", stored));
    assertEquals(new ClientDocument("northwind", "", false, "", "", Map.of(), "", Optional.empty()), ClientDocument.from("northwind", null));
  }

  @Test
  void theOpenDeploymentsReadAsListedOnlyOnceTheClaimMarkedTheListComplete() {
    Map<String, Object> partial = merged(ClientDocument.created("northwind", NOW), ClientDocument.openDeployment("r1", true));
    assertEquals(Optional.empty(), ClientDocument.from("northwind", partial).openDeployments(),
        "a blind add to a document written before the list was kept is not the whole list");

    Map<String, Object> complete = merged(partial, ClientDocument.openDeployments(List.of("r1", "r.2")));
    assertEquals(Optional.of(Set.of("r1", "r.2")), ClientDocument.from("northwind", complete).openDeployments());
    assertEquals(Map.of("openDeployments", Map.of(), "openDeploymentsTracked", true), ClientDocument.openDeployments(List.of()));
    assertEquals(Map.of("openDeployments", Map.of("r1", FieldValue.delete())), ClientDocument.openDeployment("r1", false));
  }
}
