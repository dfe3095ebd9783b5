package com.twosixty.relay.operator;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.util.List;

/**
 * Adapter: google-auth-library's {@link IdTokenCredentials} over given credentials, with the email
 * in the token ({@code format=full} on the metadata server; a service account key or impersonation
 * includes it too). A function's credentials are its service account's (the metadata server; the
 * local stack points {@code GCE_METADATA_HOST} at its own issuer); a person's are Application
 * Default Credentials ({@code gcloud auth application-default login}).
 */
public final class GoogleIdTokenSource implements IdTokenSource {
  private final GoogleCredentials credentials;

  public GoogleIdTokenSource(GoogleCredentials credentials) {
    this.credentials = credentials;
  }

  /** Application Default Credentials; fails with what to do when there are none or they cannot sign ID tokens. */
  public static GoogleIdTokenSource applicationDefault() {
    try {
      return new GoogleIdTokenSource(GoogleCredentials.getApplicationDefault());
    } catch (IOException e) {
      throw new IllegalStateException("no Application Default Credentials (gcloud auth application-default login): "
          + e.getMessage(), e);
    }
  }

  @Override
  public String idToken(String audience) {
    if (!(credentials instanceof IdTokenProvider provider)) {
      throw new IllegalStateException("these credentials (" + credentials.getClass().getSimpleName()
          + ") cannot issue ID tokens; use a user login, a service account or the metadata server");
    }
    IdTokenCredentials tokens = IdTokenCredentials.newBuilder()
        .setIdTokenProvider(provider)
        .setTargetAudience(audience)
        .setOptions(List.of(IdTokenProvider.Option.FORMAT_FULL, IdTokenProvider.Option.INCLUDE_EMAIL))
        .build();
    try {
      tokens.refresh();
      return tokens.getIdToken().getTokenValue();
    } catch (IOException e) {
      throw new IllegalStateException("could not get an ID token for " + audience + ": " + e.getMessage(), e);
    }
  }
}
