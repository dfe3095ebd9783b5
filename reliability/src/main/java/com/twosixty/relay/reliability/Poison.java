package com.twosixty.relay.reliability;

/**
 * One malformed delivery: the Pub/Sub push body (a push subscription's POST, and Eventarc's
 * CloudEvent data; itself possibly broken) and what is wrong with it.
 */
public record Poison(String kind, String body) {}
