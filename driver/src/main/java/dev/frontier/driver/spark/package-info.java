/** Running a list of trials on Spark, one task each, handing every result to the driver as its task finishes. */
package dev.frontier.driver.spark;
