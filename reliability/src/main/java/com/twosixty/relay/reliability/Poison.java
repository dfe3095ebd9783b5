package com.twosixty.relay.reliability;

/**
 * One malformed delivery: the CloudEvent body (Eventarc's Pub/Sub envelope, itself possibly broken)
 * and what is wrong with it.
 */
public record Poison(String kind, String cloudEventData) {}
