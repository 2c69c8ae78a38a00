package io.sluice.config.model;

/** A proxy's {@code mode}: raw TCP or HTTP (HAProxy's default is TCP). */
public enum Mode {
    /** Layer-4 forwarding. */
    TCP,
    /** HTTP/1.1 processing (the H1 mux and http rules). */
    HTTP
}
