/**
 * The vhost-user back end: the control protocol on qemu's UNIX socket, guest memory regions mapped
 * in, and the split virtqueues frames travel through.
 */
package io.jpasst.engine.tap.vhost;
