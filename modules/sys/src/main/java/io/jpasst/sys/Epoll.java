package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import io.jpasst.sys.gen.epoll.epoll_event;
import io.jpasst.sys.gen.epoll.epoll_h;
import io.jpasst.sys.gen.process.process_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * epoll: create, interest changes, waiting, and reading the returned event array. No policy:
 * the event loop owns that. The event array is caller-allocated once ({@link #allocateEvents})
 * and reused; struct epoll_event is packed on x86_64, so accessors use the generated layout.
 */
public final class Epoll {
    private Epoll() {}

    public static final int IN = epoll_h.EPOLLIN();
    public static final int OUT = epoll_h.EPOLLOUT();
    public static final int ERR = epoll_h.EPOLLERR();
    public static final int HUP = epoll_h.EPOLLHUP();
    public static final int RDHUP = epoll_h.EPOLLRDHUP();
    public static final int ET = epoll_h.EPOLLET();
    public static final int CTL_ADD = epoll_h.EPOLL_CTL_ADD();
    public static final int CTL_MOD = epoll_h.EPOLL_CTL_MOD();
    public static final int CTL_DEL = epoll_h.EPOLL_CTL_DEL();
    public static final int CLOEXEC = epoll_h.EPOLL_CLOEXEC();

    /** sizeof(struct epoll_event): 12 on x86_64 (packed), 16 on aarch64. */
    public static final int EVENT_SIZE = (int) epoll_event.sizeof();
    private static final long EVENTS_OFF = epoll_event.events$offset();
    private static final long DATA_OFF = epoll_event.data$offset();
    // the u64 member as laid out inside epoll_event: carries the packed (4-byte) alignment
    private static final ValueLayout.OfLong DATA = (ValueLayout.OfLong)
            epoll_event.layout().select(groupElement("data"), groupElement("u64"));
    private static final ValueLayout.OfInt EVENTS = epoll_event.events$layout();

    // epoll_wait blocks: never a critical downcall
    private static final class WAIT {
        static final MethodHandle H = Native.downcall(epoll_h.epoll_wait$address(),
            epoll_h.epoll_wait$descriptor(), MAY_BLOCK, 1);
    }

    /** Its own handle, not {@link Syscall}: called per flow, it must not allocate. */
    private static final class CTL {
        static final MethodHandle H = Native.downcall(epoll_h.epoll_ctl$address(),
            epoll_h.epoll_ctl$descriptor(), SHORT, 3);
    }

    /** epoll_create1(EPOLL_CLOEXEC): fd or -errno. */
    public static int create() {
        return (int) Syscall.call(process_h.SYS_epoll_create1(), CLOEXEC);
    }

    /** epoll_ctl(2) with {@code data} as the 64-bit user reference: 0 or -errno. */
    public static int ctl(int epfd, int op, int fd, int events, long data) {
        Scratch s = Scratch.get();
        MemorySegment ev = s.epollEvent;
        ev.set(EVENTS, EVENTS_OFF, events);
        ev.set(DATA, DATA_OFF, data);
        try {
            return s.check((int) CTL.H.invokeExact(s.errno, epfd, op, fd, ev.address()));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * epoll_wait(2) into {@code events} (room for at least {@code maxEvents}): number of ready
     * events, or -errno (-EINTR when a signal interrupted the wait).
     */
    public static int wait(int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        long addr = Native.region(events, 0, (long) maxEvents * EVENT_SIZE);
        Scratch s = Scratch.get();
        try {
            return s.check((int) WAIT.H.invokeExact(s.errno, epfd, addr, maxEvents, timeoutMs));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** An event array for {@code maxEvents} entries, to allocate once and reuse. */
    public static MemorySegment allocateEvents(Arena arena, int maxEvents) {
        return epoll_event.allocateArray(maxEvents, arena);
    }

    /** Event bits of entry {@code i}. */
    public static int events(MemorySegment arr, int i) {
        return arr.get(EVENTS, (long) i * EVENT_SIZE + EVENTS_OFF);
    }

    /** User reference of entry {@code i}, as given to {@link #ctl}. */
    public static long data(MemorySegment arr, int i) {
        return arr.get(DATA, (long) i * EVENT_SIZE + DATA_OFF);
    }
}
