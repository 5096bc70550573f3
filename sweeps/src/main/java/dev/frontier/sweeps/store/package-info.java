/** The run directory on disk: the append-only trial journal and files replaced atomically. */
package dev.frontier.sweeps.store;
