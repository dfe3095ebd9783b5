package com.twosixty.relay.failure;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import java.util.Set;

/** Sorts a Google API error into "retry later" and "retrying cannot help". */
public final class GrpcFailures {
  private static final Set<StatusCode.Code> TRANSIENT = Set.of(
      StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED,
      StatusCode.Code.ABORTED, StatusCode.Code.INTERNAL, StatusCode.Code.UNKNOWN);

  private GrpcFailures() {}

  public static RuntimeException classify(String what, ApiException e) {
    StatusCode.Code code = e.getStatusCode().getCode();
    String message = what + " failed with " + code + ": " + e.getMessage();
    return TRANSIENT.contains(code) ? new TransientFailure(message, e) : new PermanentFailure(message, e);
  }
}
