/** Running packs of trials on Spark, one task per pack, handing every result to the driver as its task finishes. */
package dev.frontier.driver.spark;
