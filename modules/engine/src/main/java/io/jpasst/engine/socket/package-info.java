/** Socket-to-socket paths that bypass the tap entirely. */
package io.jpasst.engine.socket;
