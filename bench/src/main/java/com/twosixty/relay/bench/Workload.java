package com.twosixty.relay.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One function under measurement: what to run (entry point and deployable), its own settings, and
 * the n-th request of a stream of distinct, valid events for it.
 */
public record Workload(String name, String target, Path classpath, Map<String, String> settings,
    BiFunction<URI, Integer, HttpRequest> request) {}
