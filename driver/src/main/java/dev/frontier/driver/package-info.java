/** A sweep's run from spec to report: the run directory, the data check, progress, and the report's rewriting. */
package dev.frontier.driver;
