package io.jpasst.engine.runtime.loop;

import java.util.Arrays;

/**
 * One-shot timers in a binary min-heap keyed by deadline (nanoseconds on the loop's clock).
 * A timer is a small integer made once ({@link #create}) and then armed, re-armed and
 * cancelled any number of times without allocating: what it runs is fixed at creation, as a
 * registered {@link Expiry} kind and an argument (a flow index, a slot). Timers are made at
 * set-up or once per slot of a growing table, never freed; arrays grow by doubling.
 *
 * <p>Deadlines are compared as {@code a - b < 0}, so the clock may wrap.
 */
public final class Timers {
    /** What a timer does when it fires, with the argument it was created with. */
    @FunctionalInterface
    public interface Expiry {
        void expired(int arg, long now);
    }

    public static final int NONE = -1;

    private Expiry[] kinds = new Expiry[8];
    private int kindCount;
    private long[] due = new long[0];
    private int[] kind = new int[0];
    private int[] arg = new int[0];
    /** Position in {@link #heap}, or -1 while not armed. */
    private int[] pos = new int[0];
    private int created;
    private int[] heap = new int[0];
    private int size;

    /** Registers what timers of a new kind do; set-up time. Returns the kind. */
    public int register(Expiry expiry) {
        if (kindCount == kinds.length) {
            kinds = Arrays.copyOf(kinds, 2 * kindCount);
        }
        kinds[kindCount] = expiry;
        return kindCount++;
    }

    /** A new, unarmed timer of {@code kind} that passes {@code argument} when it fires. */
    public int create(int kindIndex, int argument) {
        if (kindIndex < 0 || kindIndex >= kindCount) {
            throw new IllegalArgumentException("no such timer kind: " + kindIndex);
        }
        if (created == due.length) {
            int n = Math.max(16, 2 * created);
            due = Arrays.copyOf(due, n);
            kind = Arrays.copyOf(kind, n);
            arg = Arrays.copyOf(arg, n);
            pos = Arrays.copyOf(pos, n);
            heap = Arrays.copyOf(heap, n);
        }
        int id = created++;
        kind[id] = kindIndex;
        arg[id] = argument;
        pos[id] = -1;
        return id;
    }

    /** Arms {@code id} to fire at {@code deadline}, or moves it there if armed already. */
    public void schedule(int id, long deadline) {
        due[id] = deadline;
        int p = pos[id];
        if (p < 0) {
            p = size++;
            heap[p] = id;
            pos[id] = p;
            up(p);
        } else {
            up(p);
            down(pos[id]);
        }
    }

    /** Disarms {@code id}; nothing happens if it is not armed. */
    public void cancel(int id) {
        int p = pos[id];
        if (p < 0) {
            return;
        }
        pos[id] = -1;
        int last = heap[--size];
        if (p < size) {
            heap[p] = last;
            pos[last] = p;
            up(p);
            down(pos[last]);
        }
    }

    public boolean armed(int id) {
        return pos[id] >= 0;
    }

    /** The deadline {@code id} was last armed for. */
    public long deadline(int id) {
        return due[id];
    }

    /** Timers armed now. */
    public int armed() {
        return size;
    }

    /** Whether any timer is armed, and then {@link #soonest()} is meaningful. */
    public boolean any() {
        return size > 0;
    }

    /** The earliest deadline armed; only when {@link #any()}. */
    public long soonest() {
        return due[heap[0]];
    }

    /** Disarms and returns the earliest timer if it is due at {@code now}, else {@link #NONE}. */
    public int popDue(long now) {
        if (size == 0 || now - due[heap[0]] < 0) {
            return NONE;
        }
        int id = heap[0];
        cancel(id);
        return id;
    }

    /** Runs what {@code id} does. */
    public void fire(int id, long now) {
        kinds[kind[id]].expired(arg[id], now);
    }

    private void up(int p) {
        int id = heap[p];
        while (p > 0) {
            int parent = (p - 1) >>> 1;
            int other = heap[parent];
            if (due[id] - due[other] >= 0) {
                break;
            }
            heap[p] = other;
            pos[other] = p;
            p = parent;
        }
        heap[p] = id;
        pos[id] = p;
    }

    private void down(int p) {
        int id = heap[p];
        while (true) {
            int c = 2 * p + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && due[heap[c + 1]] - due[heap[c]] < 0) {
                c++;
            }
            int child = heap[c];
            if (due[child] - due[id] >= 0) {
                break;
            }
            heap[p] = child;
            pos[child] = p;
            p = c;
        }
        heap[p] = id;
        pos[id] = p;
    }
}
