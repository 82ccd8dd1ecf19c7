/**
 * The parsed, validated configuration of a passt or pasta instance and the builder that derives it
 * from the command line and the host.
 */
package io.jpasst.engine.control.conf;
