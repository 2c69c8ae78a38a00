package io.netty.channel.epoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.netty.channel.unix.FileDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Fails loudly when Netty changes a member the bridge (or the facade's one reflective read)
 * depends on. Checked version: 4.2.18.Final.
 */
class SluiceEpollBridgeSignatureTest {

    @Test
    void eventArrayConstructorAndAccessorsKeepTheirSignatures() throws Exception {
        Class<?> c = EpollEventArray.class;
        Constructor<?> ctor = c.getDeclaredConstructor(int.class);
        assertThat(Modifier.isPrivate(ctor.getModifiers()))
                .as("EpollEventArray(int) must stay reachable from its package").isFalse();
        expect(c, "length", int.class, false);
        expect(c, "events", int.class, false, int.class);
        expect(c, "fd", int.class, false, int.class);
        expect(c, "free", void.class, false);
        expect(c, "memoryAddress", long.class, false);
    }

    @Test
    void intTimeoutEpollWaitKeepsItsSignature() throws Exception {
        expect(Native.class, "epollWait", int.class, true, FileDescriptor.class, EpollEventArray.class, int.class);
        Method m = Native.class.getDeclaredMethod("epollWait", FileDescriptor.class, EpollEventArray.class,
                int.class);
        assertThat(Arrays.asList(m.getExceptionTypes())).as("epollWait's declared exceptions")
                .containsExactly(java.io.IOException.class);
    }

    @Test
    void publicNativeCallsTheFacadeUsesExist() throws Exception {
        expect(Native.class, "epollCtlAdd", void.class, true, int.class, int.class, int.class);
        expect(Native.class, "epollCtlMod", void.class, true, int.class, int.class, int.class);
        expect(Native.class, "epollCtlDel", void.class, true, int.class, int.class);
        expect(Native.class, "eventFdWrite", void.class, true, int.class, long.class);
        expect(Native.class, "eventFdRead", void.class, true, int.class);
        expect(Native.class, "newEventFd", FileDescriptor.class, true);
        expect(Native.class, "newEpollCreate", FileDescriptor.class, true);
        assertThat(Native.EPOLLIN).isEqualTo(0x001);
        assertThat(Native.EPOLLOUT).isEqualTo(0x004);
        assertThat(Native.EPOLLRDHUP).isEqualTo(0x2000);
        assertThat(Native.EPOLLERR).isEqualTo(0x008);
        assertThat(Native.EPOLLET).isEqualTo(1 << 31);
    }

    @Test
    void nettyIsTheVersionTheBridgeAndTheFdCacheWereCheckedAgainst() {
        String v = io.netty.util.Version.identify().get("netty-transport-classes-epoll").artifactVersion();
        assertThat(v).as("Netty changed: re-check SluiceEpollBridge and the fd-only calls of io.sluice.poller.sys"
                + ".FdCache (javap: they must read nothing but the fd field), then update this test")
                .isEqualTo("4.2.18.Final");
    }

    @Test
    void connectExceptionErrnoAccessorIsStillThere() throws Exception {
        Class<?> c = Class.forName("io.netty.channel.unix.Errors$NativeConnectException");
        Method m = c.getDeclaredMethod("expectedErr");
        assertThat(m.getReturnType()).isEqualTo(int.class);
    }

    @Test
    void bridgeIsTheOnlyClassOfOursInNettysPackageAndOnlyDelegates() throws URISyntaxException {
        File dir = new File(SluiceEpollBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        File pkg = new File(dir, "io/netty/channel/epoll");
        Set<String> names = new TreeSet<>(List.of(pkg.list()));
        assertThat(names).as("classes of ours in io.netty.channel.epoll").containsExactly("SluiceEpollBridge.class");
        Set<String> methods = Arrays.stream(SluiceEpollBridge.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic()).map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(methods).containsExactly("epollWait", "events", "fd", "free", "length", "newEventArray");
        assertThat(SluiceEpollBridge.class.getDeclaredFields()).as("the bridge keeps no state").isEmpty();
    }

    private static void expect(Class<?> owner, String name, Class<?> ret, boolean isStatic, Class<?>... params) {
        Method m;
        try {
            m = owner.getDeclaredMethod(name, params);
        } catch (NoSuchMethodException e) {
            fail("Netty changed " + owner.getName() + "." + name + Arrays.toString(params)
                    + ": SluiceEpollBridge / the sys facade must be re-checked against the new Netty version");
            return;
        }
        assertThat(m.getReturnType()).as(owner.getSimpleName() + "." + name + " return type").isEqualTo(ret);
        assertThat(Modifier.isStatic(m.getModifiers())).as(owner.getSimpleName() + "." + name + " static")
                .isEqualTo(isStatic);
        assertThat(Modifier.isPrivate(m.getModifiers())).as(owner.getSimpleName() + "." + name + " not private")
                .isFalse();
    }
}
