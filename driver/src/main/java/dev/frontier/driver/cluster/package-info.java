/** A real Spark standalone cluster on this machine, started from the project's own Spark jars. */
package dev.frontier.driver.cluster;
