package io.jpasst.engine.runtime.loop;

import io.jpasst.sys.Epoll;
import io.jpasst.sys.Errno;
import io.jpasst.sys.EventFd;
import io.jpasst.sys.Fd;
import io.jpasst.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The single-threaded event loop: one {@code epoll_wait} per round into a preallocated event
 * array, dispatch by the type packed in each event's {@link EpollRef}, then the end-of-round
 * tasks posted from other threads, due timers, and the end-of-round hooks (flushing batched
 * output).
 *
 * <p>Timers are one-shot and cancellable ({@link Timers}): made once, armed for a deadline on
 * the loop's clock, which is injectable so tests can drive time. {@link #every} is a timer
 * that re-arms itself.
 *
 * <p>Nothing a handler throws leaves the loop: it is counted, logged once in a while, and the
 * loop goes on. A hostile peer must never be able to stop the process by making a handler
 * fail.
 */
public final class EventLoop {
    private static final int MAX_EVENTS = 64;
    private static final int MAX_HOOKS = 8;

    private final int epfd;
    private final int wakeFd;
    private final MemorySegment events;
    private final EventHandler[] handlers = new EventHandler[EventType.COUNT];
    private final LongConsumer[] roundHooks = new LongConsumer[MAX_HOOKS];
    private int hookCount;
    private final Timers timers = new Timers();
    private final LongSupplier clock;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
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
        this(errors, System::nanoTime);
    }

    /** A loop whose timers and handlers see {@code clock} (nanoseconds) as the time. */
    public EventLoop(ErrorSink errors, LongSupplier clock) {
        this.errors = errors;
        this.clock = clock;
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
        int[] self = new int[1];
        int kind = timers.register((arg, now) -> {
            timers.schedule(self[0], now + periodNs);
            task.accept(now);
        });
        self[0] = timers.create(kind, 0);
        timers.schedule(self[0], clock.getAsLong() + periodNs);
    }

    /** The loop's clock, in nanoseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /** Registers what timers of a new kind do (set-up time); returns the kind for {@link #timer}. */
    public int timerKind(Timers.Expiry expiry) {
        return timers.register(expiry);
    }

    /** A new one-shot timer of {@code kind}, not armed, that fires with {@code arg}. */
    public int timer(int kind, int arg) {
        return timers.create(kind, arg);
    }

    /** Arms (or moves) {@code timer} to fire once at {@code deadline} on the loop's clock. */
    public void schedule(int timer, long deadline) {
        timers.schedule(timer, deadline);
    }

    /** Disarms {@code timer}; it may be armed again. */
    public void cancel(int timer) {
        timers.cancel(timer);
    }

    public boolean armed(int timer) {
        return timers.armed(timer);
    }

    /** The deadline {@code timer} was last armed for. */
    public long deadline(int timer) {
        return timers.deadline(timer);
    }

    /**
     * Runs {@code task} on the loop thread in its next round; callable from any thread (set-up,
     * the control socket, the namespace thread): not for the data path, it allocates.
     */
    public void post(Runnable task) {
        tasks.add(task);
        EventFd.signal(wakeFd);
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
            round();
        } while (running);
    }

    /** One round: wait for events (at most until the next timer), dispatch, tasks, timers, hooks. */
    public void round() {
        int n = Epoll.wait(epfd, events, MAX_EVENTS, running ? timeoutMs(clock.getAsLong()) : 0);
        long now = clock.getAsLong();
        if (n < 0 && n != -Errno.EINTR) {
            throw new SysException("epoll_wait", -n);
        }
        for (int i = 0; i < n; i++) {
            dispatch(Epoll.data(events, i), Epoll.events(events, i), now);
        }
        runTasks(now);
        runDueTimers(now);
        // Hooks last: what handlers and timers queued this round is flushed before we sleep.
        for (int h = 0; h < hookCount; h++) {
            runGuarded(EventType.WAKE, roundHooks[h], now);
        }
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

    private void runTasks(long now) {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError e) {
                failed(EventType.WAKE, e);
            }
        }
    }

    /**
     * Fires the timers due at {@code now}, at most as many as were armed when it started: one
     * re-armed for a deadline already past waits for the next round instead of spinning here.
     */
    private void runDueTimers(long now) {
        for (int left = timers.armed(); left > 0; left--) {
            int id = timers.popDue(now);
            if (id == Timers.NONE) {
                return;
            }
            try {
                timers.fire(id, now);
            } catch (RuntimeException | StackOverflowError e) {
                failed(EventType.WAKE, e);
            }
        }
    }

    private int timeoutMs(long now) {
        if (!tasks.isEmpty()) {
            return 0;
        }
        if (!timers.any()) {
            return 1000;
        }
        long soonest = timers.soonest() - now;
        return (int) Math.max(0, Math.min(1000, (soonest + 999_999) / 1_000_000));
    }

    /** Closes the epoll and wake descriptors; the loop must have returned. */
    public void close() {
        Fd.close(wakeFd);
        Fd.close(epfd);
    }
}
