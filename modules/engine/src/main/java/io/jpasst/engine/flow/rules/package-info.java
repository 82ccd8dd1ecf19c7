/**
 * Forwarding rules as tables, one per interface that initiates flows ({@code HOST} for
 * {@code -t/-u}, {@code SPLICE} for {@code -T/-U}), as upstream 2026 models them: the parser of
 * the forwarding specifiers, the tables, their text form, and the pesto wire format that lets a
 * client read and replace them at run time.
 */
package io.jpasst.engine.flow.rules;
