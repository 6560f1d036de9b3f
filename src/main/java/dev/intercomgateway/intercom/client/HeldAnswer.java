package dev.intercomgateway.intercom.client;

/**
 * An answer whose body is still being read from Intercom's connection when the call returns (a
 * streamed passthrough answer). What the call holds (its bulkhead slot, its caller's slot) is
 * handed to it, and released when the body ends: read to its end, failed, cancelled or closed.
 */
public interface HeldAnswer {

    /** Runs {@code release} once, when the body ends (at once if it already has). */
    void releaseWhenDone(Runnable release);
}
