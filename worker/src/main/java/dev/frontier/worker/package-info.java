/** Trains one trial with ND4J: the network, its optimizer and schedule, the minibatches, and the result. */
package dev.frontier.worker;
