/** The {@code frontier} command line: subcommands, options, and the mapping of errors to messages and exit codes. */
package dev.frontier.driver.cli;
