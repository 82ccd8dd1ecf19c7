package io.jpasst.engine.runtime.loop;

import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.EventFd;
import io.jpasst.sys.Fd;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.LongConsumer;

/**
 * The single-threaded event loop: one {@code epoll_wait} per round into a preallocated event
 * array, dispatch by the type packed in each event's {@link EpollRef}, then the end-of-round
 * hooks (flushing batched output) and any due timers.
 *
 * <p>Nothing a handler throws leaves the loop: it is counted, logged once in a while, and the
 * loop goes on. A hostile peer must never be able to stop the process by making a handler
 * fail.
 */
public final class EventLoop {
    private static final int MAX_EVENTS = 64;
    private static final int MAX_TIMERS = 16;
    private static final int MAX_HOOKS = 8;

    private final int epfd;
    private final int wakeFd;
    private final MemorySegment events;
    private final EventHandler[] handlers = new EventHandler[EventType.COUNT];
    private final LongConsumer[] roundHooks = new LongConsumer[MAX_HOOKS];
    private int hookCount;
    private final LongConsumer[] timerTasks = new LongConsumer[MAX_TIMERS];
    private final long[] timerPeriod = new long[MAX_TIMERS];
    private final long[] timerDue = new long[MAX_TIMERS];
    private int timerCount;
    private final ErrorSink errors;
    private volatile boolean running = true;
    /** The thread that runs (or, before {@link #run()}, made) the loop: its stop needs no wake-up. */
    private volatile Thread owner = Thread.currentThread();
    private long handlerFailures;
    /** Events dispatched, per type (--stats). */
    private final long[] eventCounts = new long[EventType.COUNT];

    /** Where handler failures are reported; called on the loop thread. */
    @FunctionalInterface
    public interface ErrorSink {
        void failed(int type, Throwable t, long failuresSoFar);
    }

    public EventLoop(ErrorSink errors) {
        this.errors = errors;
        this.epfd = check("epoll_create1", Epoll.create());
        this.wakeFd = check("eventfd", EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC));
        this.events = Arena.ofAuto().allocate(Epoll.EVENT_SIZE * MAX_EVENTS, 8);
        handlers[EventType.WAKE] = (ref, ev, now) -> EventFd.drain(wakeFd);
        check("epoll_ctl", add(wakeFd, Epoll.IN, EpollRef.of(EventType.WAKE, wakeFd, 0)));
    }

    private static int check(String op, int rc) {
        if (rc < 0) {
            throw new SysException(op, -rc);
        }
        return rc;
    }

    public void handle(int type, EventHandler handler) {
        handlers[type] = handler;
    }

    /** Adds a hook run after every round's events, e.g. to flush frames batched for the tap. */
    public void afterRound(LongConsumer hook) {
        roundHooks[hookCount++] = hook;
    }

    /** Runs {@code task} every {@code periodNs}, first after one period. Set-up time only. */
    public void every(long periodNs, LongConsumer task) {
        if (timerCount == MAX_TIMERS) {
            throw new IllegalStateException("too many timers");
        }
        timerTasks[timerCount] = task;
        timerPeriod[timerCount] = periodNs;
        timerDue[timerCount] = System.nanoTime() + periodNs;
        timerCount++;
    }

    /** Registers a descriptor; returns 0 or -errno. */
    public int add(int fd, int eventMask, long ref) {
        return Epoll.ctl(epfd, Epoll.CTL_ADD, fd, eventMask, ref);
    }

    public int modify(int fd, int eventMask, long ref) {
        return Epoll.ctl(epfd, Epoll.CTL_MOD, fd, eventMask, ref);
    }

    public int remove(int fd) {
        return Epoll.ctl(epfd, Epoll.CTL_DEL, fd, 0, 0);
    }

    /**
     * Asks the loop to return from {@link #run()}; callable from any thread. Only another
     * thread's stop writes the wake-up eventfd: on the loop's own thread (a handler, or pasta
     * seeing its command gone before the loop starts) the round ends anyway, and a round
     * that starts stopped does not wait. This keeps a start that ends at once, as
     * {@code pasta true} does, from linking the eventfd's write(2) handle.
     */
    public void stop() {
        running = false;
        if (Thread.currentThread() != owner) {
            EventFd.signal(wakeFd);
        }
    }

    /** False once {@link #stop()} was asked for. */
    public boolean running() {
        return running;
    }

    public long handlerFailures() {
        return handlerFailures;
    }

    /** How many events of {@code type} were dispatched so far. */
    public long events(int type) {
        return eventCounts[type];
    }

    /**
     * Runs rounds until {@link #stop()}; at least one, so what is already pending when a stop
     * comes early is still served (pasta: a short command can exit, having sent its frames,
     * before the loop first runs).
     */
    public void run() {
        // Before reading running: a stop() from another thread then either sees this thread
        // and wakes it, or has cleared running before the first wait, which then does not block.
        owner = Thread.currentThread();
        do {
            int n = Epoll.wait(epfd, events, MAX_EVENTS, running ? timeoutMs(System.nanoTime()) : 0);
            long now = System.nanoTime();
            if (n < 0 && n != -Errno.EINTR) {
                throw new SysException("epoll_wait", -n);
            }
            for (int i = 0; i < n; i++) {
                dispatch(Epoll.data(events, i), Epoll.events(events, i), now);
            }
            runDueTimers(now);
            // Hooks last: what handlers and timers queued this round is flushed before we sleep.
            for (int h = 0; h < hookCount; h++) {
                runGuarded(EventType.WAKE, roundHooks[h], now);
            }
        } while (running);
    }

    private void dispatch(long ref, int eventMask, long now) {
        int type = EpollRef.type(ref);
        EventHandler handler = type < EventType.COUNT ? handlers[type] : null;
        if (handler == null) {
            // A descriptor nobody handles would fire forever: take it out of the set.
            remove(EpollRef.fd(ref));
            return;
        }
        eventCounts[type]++;
        try {
            handler.onEvent(ref, eventMask, now);
        } catch (RuntimeException | StackOverflowError e) {
            failed(type, e);
        }
    }

    private void runGuarded(int type, LongConsumer task, long now) {
        try {
            task.accept(now);
        } catch (RuntimeException | StackOverflowError e) {
            failed(type, e);
        }
    }

    private void failed(int type, Throwable t) {
        handlerFailures++;
        errors.failed(type, t, handlerFailures);
    }

    private void runDueTimers(long now) {
        for (int t = 0; t < timerCount; t++) {
            if (now - timerDue[t] >= 0) {
                timerDue[t] = now + timerPeriod[t];
                runGuarded(EventType.WAKE, timerTasks[t], now);
            }
        }
    }

    private int timeoutMs(long now) {
        if (timerCount == 0) {
            return 1000;
        }
        long soonest = Long.MAX_VALUE;
        for (int t = 0; t < timerCount; t++) {
            soonest = Math.min(soonest, timerDue[t] - now);
        }
        return (int) Math.max(0, Math.min(1000, (soonest + 999_999) / 1_000_000));
    }

    /** Closes the epoll and wake descriptors; the loop must have returned. */
    public void close() {
        Fd.close(wakeFd);
        Fd.close(epfd);
    }
}
