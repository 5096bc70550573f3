/** Datasets a trial trains on: deterministic synthetic sets, CSV files, their split and standardization. */
package dev.frontier.sweeps.data;
