package io.jpasst.sys;

import static io.jpasst.sys.Native.Mode.MAY_BLOCK;
import static io.jpasst.sys.Native.Mode.SHORT;

import io.jpasst.sys.gen.inotify.inotify_event;
import io.jpasst.sys.gen.inotify.inotify_h;
import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandle;

/** inotify: pasta watches the namespace's file or directory to quit when it goes away. */
public final class Inotify {
    private Inotify() {}

    public static final int IN_ACCESS = inotify_h.IN_ACCESS();
    public static final int IN_MODIFY = inotify_h.IN_MODIFY();
    public static final int IN_ATTRIB = inotify_h.IN_ATTRIB();
    public static final int IN_CLOSE_WRITE = inotify_h.IN_CLOSE_WRITE();
    public static final int IN_CLOSE_NOWRITE = inotify_h.IN_CLOSE_NOWRITE();
    public static final int IN_OPEN = inotify_h.IN_OPEN();
    public static final int IN_MOVED_FROM = inotify_h.IN_MOVED_FROM();
    public static final int IN_MOVED_TO = inotify_h.IN_MOVED_TO();
    public static final int IN_CREATE = inotify_h.IN_CREATE();
    public static final int IN_DELETE = inotify_h.IN_DELETE();
    public static final int IN_DELETE_SELF = inotify_h.IN_DELETE_SELF();
    public static final int IN_MOVE_SELF = inotify_h.IN_MOVE_SELF();
    public static final int IN_UNMOUNT = inotify_h.IN_UNMOUNT();
    public static final int IN_Q_OVERFLOW = inotify_h.IN_Q_OVERFLOW();
    public static final int IN_IGNORED = inotify_h.IN_IGNORED();
    public static final int IN_ONLYDIR = inotify_h.IN_ONLYDIR();
    public static final int IN_DONT_FOLLOW = inotify_h.IN_DONT_FOLLOW();
    public static final int IN_EXCL_UNLINK = inotify_h.IN_EXCL_UNLINK();
    public static final int IN_MASK_ADD = inotify_h.IN_MASK_ADD();
    public static final int IN_ISDIR = inotify_h.IN_ISDIR();
    public static final int IN_ONESHOT = inotify_h.IN_ONESHOT();
    public static final int IN_ALL_EVENTS = inotify_h.IN_ALL_EVENTS();
    public static final int IN_CLOEXEC = inotify_h.IN_CLOEXEC();
    public static final int IN_NONBLOCK = inotify_h.IN_NONBLOCK();


    /** Size of the fixed part of struct inotify_event; a name of {@code len} bytes follows. */
    public static final int EVENT_SIZE = (int) inotify_event.sizeof();
    public static final long WD_OFF = inotify_event.wd$offset();
    public static final long MASK_OFF = inotify_event.mask$offset();
    public static final long COOKIE_OFF = inotify_event.cookie$offset();
    public static final long LEN_OFF = inotify_event.len$offset();

    private static final class INIT {
        static final MethodHandle H = Native.downcall(inotify_h.inotify_init1$address(), inotify_h.inotify_init1$descriptor(), SHORT);
    }
    // path lookup may sleep (slow or network file systems)
    private static final class ADD_WATCH {
        static final MethodHandle H = Native.downcall(inotify_h.inotify_add_watch$address(),
            inotify_h.inotify_add_watch$descriptor(), MAY_BLOCK);
    }

    /** inotify_init1(2): fd or -errno. */
    public static int init(int flags) {
        return Invoke.int1(INIT.H, flags);
    }

    /** inotify_add_watch(2) (slow path: allocates the C string): watch descriptor or -errno. */
    public static int addWatch(int fd, String path, int mask) {
        Scratch s = Scratch.get();
        try (Arena arena = Arena.ofConfined()) {
            return s.check((int) ADD_WATCH.H.invokeExact(s.errno, fd, arena.allocateFrom(path), mask));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
