package io.jpasst.engine.runtime.loop;

/** Handles the events of one {@link EventType}. Runs on the loop thread only. */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param ref    the descriptor's {@link EpollRef}
     * @param events the epoll event mask
     * @param now    monotonic time of this round, in nanoseconds
     */
    void onEvent(long ref, int events, long now);
}
