package com.twosixty.relay.report;

/** {@code last} of {@code clients/{client}/services/{service}}: the latest deployment event for the service. */
public record LastEvent(String status, String releaseId, String reason, String buildId, String logUrl, String at) {}
