/**
 * The stability frontier: pure functions from trial results to each configuration's best and max stable learning rate,
 * LR sensitivity and the gains of every axis value; and its renderings (JSON, HTML, CSV), which only draw.
 */
package dev.frontier.reports;
