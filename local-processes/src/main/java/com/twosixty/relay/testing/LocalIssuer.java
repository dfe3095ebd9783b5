package com.twosixty.relay.testing;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Google's token issuer on this machine: an RSA key pair made at start, its public
 * half served as a JWKS ({@code GET /certs}) in the shape Google publishes
 * ({@code https://www.googleapis.com/oauth2/v3/certs}), and ID tokens signed with the private half
 * ({@link JsonWebSignature#signUsingRsaSha256}). The command gateway verifies them with the same
 * google-auth-library code as Google's, pointed at {@link #certsUrl()} and {@link #issuer()}.
 *
 * <p>It also serves, per identity, the metadata server's identity endpoint
 * ({@link #metadataServer}), so that a function's google-auth-library credentials get their ID token
 * here exactly as on Cloud Run ({@code GCE_METADATA_HOST}).
 */
public final class LocalIssuer implements AutoCloseable {
  private static final GsonFactory JSON = GsonFactory.getDefaultInstance();

  private final KeyPair keys;
  private final String keyId;
  private final HttpServer server;
  private final List<HttpServer> metadataServers = new CopyOnWriteArrayList<>();

  private LocalIssuer(KeyPair keys, String keyId) {
    this.keys = keys;
    this.keyId = keyId;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local issuer", e);
    }
    server.createContext("/certs", exchange -> respond(exchange, 200, "application/json", jwks()));
    server.start();
  }

  public static LocalIssuer start() {
    return new LocalIssuer(newKeyPair(), "relay-local-" + Long.toHexString(System.nanoTime()));
  }

  /** The {@code iss} of its tokens: its own URL. */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String certsUrl() {
    return issuer() + "/certs";
  }

  /** A token for {@code email} (verified) and {@code audience}, valid for an hour. */
  public String token(String email, String audience) {
    return sign(claims(email, audience));
  }

  /** Claims of a valid token, to change before {@link #sign(Claims)} (tests of what must be refused). */
  public Claims claims(String email, String audience) {
    Instant now = Instant.now();
    return new Claims(issuer(), audience, email, true, now, now.plus(Duration.ofHours(1)));
  }

  /** What a token says: everything the gateway checks. */
  public record Claims(String issuer, String audience, String email, boolean emailVerified, Instant issuedAt,
      Instant expiresAt) {
    public Claims withAudience(String value) {
      return new Claims(issuer, value, email, emailVerified, issuedAt, expiresAt);
    }

    public Claims withIssuer(String value) {
      return new Claims(value, audience, email, emailVerified, issuedAt, expiresAt);
    }

    public Claims withEmailVerified(boolean value) {
      return new Claims(issuer, audience, email, value, issuedAt, expiresAt);
    }

    public Claims expiredAt(Instant value) {
      return new Claims(issuer, audience, email, emailVerified, value.minus(Duration.ofHours(1)), value);
    }
  }

  public String sign(Claims claims) {
    return sign(claims, keys);
  }

  /**
   * The same claims and key id signed with a key this issuer never published: what a forger without
   * the private key produces.
   */
  public String signWithAnotherKey(Claims claims) {
    return sign(claims, newKeyPair());
  }

  private String sign(Claims claims, KeyPair with) {
    JsonWebSignature.Header header = new JsonWebSignature.Header().setAlgorithm("RS256").setType("JWT").setKeyId(keyId);
    JsonWebToken.Payload payload = new JsonWebToken.Payload()
        .setIssuer(claims.issuer())
        .setAudience(claims.audience())
        .setSubject(claims.email())
        .setIssuedAtTimeSeconds(claims.issuedAt().getEpochSecond())
        .setExpirationTimeSeconds(claims.expiresAt().getEpochSecond());
    if (claims.email() != null) {
      payload.set("email", claims.email());
      payload.set("email_verified", claims.emailVerified());
    }
    try {
      return JsonWebSignature.signUsingRsaSha256(with.getPrivate(), JSON, header, payload);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign a local token", e);
    }
  }

  /**
   * A metadata server for one service account: {@code GET
   * /computeMetadata/v1/instance/service-accounts/default/identity?audience=A} with
   * {@code Metadata-Flavor: Google} answers a token for that account, as Cloud Run's does. Returns
   * the {@code host:port} to put in {@code GCE_METADATA_HOST}.
   */
  public String metadataServer(String serviceAccountEmail) {
    HttpServer metadata;
    try {
      metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a metadata stand-in", e);
    }
    metadata.createContext("/computeMetadata/v1/instance/service-accounts/default/identity", exchange -> {
      if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
        respond(exchange, 403, "text/plain", "Metadata-Flavor: Google is required");
        return;
      }
      String audience = query(exchange).getOrDefault("audience", "");
      if (audience.isEmpty()) {
        respond(exchange, 400, "text/plain", "audience is required");
        return;
      }
      respond(exchange, 200, "text/plain", token(serviceAccountEmail, audience));
    });
    metadata.createContext("/", exchange -> respond(exchange, 200, "text/plain", ""));
    metadata.start();
    metadataServers.add(metadata);
    return "127.0.0.1:" + metadata.getAddress().getPort();
  }

  private String jwks() {
    RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject key = new JsonObject();
    key.addProperty("kty", "RSA");
    key.addProperty("alg", "RS256");
    key.addProperty("use", "sig");
    key.addProperty("kid", keyId);
    key.addProperty("n", base64.encodeToString(unsigned(publicKey.getModulus().toByteArray())));
    key.addProperty("e", base64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())));
    JsonArray keysArray = new JsonArray();
    keysArray.add(key);
    JsonObject set = new JsonObject();
    set.add("keys", keysArray);
    return set.toString();
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement.length > 1 && twosComplement[0] == 0
        ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> values = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Metadata-Flavor", "Google");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    metadataServers.forEach(s -> s.stop(0));
    server.stop(0);
  }
}
