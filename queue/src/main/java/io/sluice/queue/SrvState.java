package io.sluice.queue;

/** A server's operational state (HAProxy's {@code enum srv_state}), driven by health checks and admin changes. */
public enum SrvState {
    /** Down: not usable. */
    STOPPED,
    /** Up and warming up during {@code slowstart}: usable, dynamic maxconn ramps up. */
    STARTING,
    /** Up: usable. */
    RUNNING,
    /** Going down gracefully (e.g. agent says stopping): not usable for new streams. */
    STOPPING
}
