/**
 * The records of the management API: what the broker's HTTP endpoint sends and accepts, and what
 * the console and scripts read. Both sides use these types, so they cannot drift apart. JSON
 * field names are the record component names.
 */
package dev.gannet.model.api;
