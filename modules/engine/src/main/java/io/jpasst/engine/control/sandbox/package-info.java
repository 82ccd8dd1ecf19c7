/**
 * Giving up what start-up needed once it is done: the caller's mount, IPC and UTS namespaces,
 * capabilities, privilege gain through exec, dumpability.
 */
package io.jpasst.engine.control.sandbox;
