/** The vocabulary of a sweep: the spec a user writes, its axes and grid, trial configs and ids, results and outcomes. */
package dev.frontier.sweeps;
