/**
 * The syscall facade: Netty's native epoll (4.2.18.Final) behind Sluice's own types, over raw
 * int fds.
 *
 * <p>Three layers, as in Netty's own epoll transport: (1) the syscalls, Netty's {@code Native},
 * {@code LinuxSocket}, {@code Socket}, {@code FileDescriptor}, and the one bridge class
 * {@code io.netty.channel.epoll.SluiceEpollBridge} for the package-private event array and
 * int-timeout {@code epoll_wait}; (2) this package, which turns every Netty error into a
 * {@link io.sluice.poller.sys.SysException} carrying the errno and keeps Netty's return codes under
 * names ({@link io.sluice.poller.sys.FdIo#AGAIN}, {@link io.sluice.poller.sys.FdIo#EOF},
 * {@link io.sluice.poller.sys.Sockets#ACCEPT_AGAIN}); (3) the loop and proxy-core, which never
 * see a Netty type nor a raw negative errno.
 *
 * <p>Traps handled here (checked against 4.2.18 on this machine): the native library is loaded
 * ({@code Epoll.ensureAvailability()}) before any native call, by each class's static
 * initialiser; {@code accept} returns -1 on EAGAIN; {@code read} returns 0 for EAGAIN and -1 for
 * EOF; a connect is finished by reading {@code SO_ERROR} only, never by also calling Netty's
 * {@code finishConnect()}; {@code EPOLLHUP} and {@code EPOLLEXCLUSIVE} are raw values; direct
 * buffers are never freed through Netty's deprecated {@code Buffer.free}.
 *
 * <p>No shared mutable state except {@code Sockets}' fd-only wrapper cache, whose races are benign
 * (see its class comment).
 */
package io.sluice.poller.sys;
