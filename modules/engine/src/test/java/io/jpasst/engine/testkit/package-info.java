/**
 * The engine test kit: what a test of a protocol handler needs around it. {@link
 * io.jpasst.engine.testkit.LoopHarness} runs a real event loop on its own thread and runs the
 * test's steps on it; {@link io.jpasst.engine.testkit.TestClock} is a clock for that loop that
 * moves only when the test moves it, so timers fire when the test says;
 * {@link io.jpasst.engine.testkit.RecordingTap} is the guest's end of the tap, recording every
 * frame sent to the guest; {@link io.jpasst.engine.testkit.GuestFrames} writes the frames a
 * guest would send.
 */
package io.jpasst.engine.testkit;
