package com.twosixty.relay.report;

/** {@code running} / {@code previous} of {@code clients/{client}/services/{service}}: a release that SUCCEEDED there. */
public record RunningRelease(String releaseId, long sequence, String digest, String image, String since) {}
