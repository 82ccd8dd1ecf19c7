/**
 * Typed syscall layer: the only code that sees {@code Linker}. Hot-path calls return a
 * non-negative result or {@code -errno}; slow-path calls may throw {@link io.jpasst.sys.SysException}.
 */
package io.jpasst.sys;
