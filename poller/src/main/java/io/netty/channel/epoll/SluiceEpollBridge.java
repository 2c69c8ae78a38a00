package io.netty.channel.epoll;

import java.io.IOException;

import io.netty.channel.unix.FileDescriptor;

/**
 * The one bridge from Sluice into Netty's package-private epoll API; checked against Netty
 * <b>4.2.18.Final</b> ({@code netty-transport-classes-epoll}).
 *
 * <p>Netty keeps {@link EpollEventArray}'s constructor and accessors, and the {@code int}-timeout
 * {@code Native.epollWait}, package-private. This class re-exports exactly those members and nothing
 * else: every method is a one-line delegation, with no logic, no state and no error handling (the
 * facade in {@code io.sluice.poller.sys} turns errors into Sluice exceptions). If Netty changes one
 * of these signatures, {@code SluiceEpollBridgeSignatureTest} fails with the member's name.
 *
 * <p>Threading: the methods run on whichever thread calls them; an event array belongs to one loop
 * thread and must only be touched by it.
 */
public final class SluiceEpollBridge {

    private SluiceEpollBridge() {
    }

    /** Runs on the loop thread that will own the array: allocates the native epoll_event array. */
    public static EpollEventArray newEventArray(int length) {
        return new EpollEventArray(length);
    }

    /** Runs on the owner thread: capacity of the array in events. */
    public static int length(EpollEventArray array) {
        return array.length();
    }

    /** Runs on the owner thread: the {@code events} word of entry {@code index}. */
    public static int events(EpollEventArray array, int index) {
        return array.events(index);
    }

    /** Runs on the owner thread: the {@code data.fd} word of entry {@code index}. */
    public static int fd(EpollEventArray array, int index) {
        return array.fd(index);
    }

    /** Runs on the owner thread when the loop stops: releases the native memory. */
    public static void free(EpollEventArray array) {
        array.free();
    }

    /**
     * Runs on the owner thread: {@code epoll_wait(epfd, array, length, timeoutMillis)}; returns the
     * number of ready entries, throws Netty's exception on failure.
     */
    public static int epollWait(FileDescriptor epollFd, EpollEventArray array, int timeoutMillis)
            throws IOException {
        return Native.epollWait(epollFd, array, timeoutMillis);
    }
}
