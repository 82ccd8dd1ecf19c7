/**
 * A thread that lives in the target network namespace: setns(CLONE_NEWNET) changes only the
 * calling thread, and sockets and tap devices belong to the namespace they were created in.
 */
package io.jpasst.engine.control.ns;
