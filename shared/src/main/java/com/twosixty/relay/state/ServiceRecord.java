package com.twosixty.relay.state;

import com.twosixty.relay.planner.ServiceVersion;
import java.util.Optional;

/** One service at one client: the newest release triggered, the one running, the one before it. */
public record ServiceRecord(String service, Optional<ServiceVersion> target, Optional<ServiceVersion> running,
    Optional<ServiceVersion> previous) {}
