package dev.frontier.driver.cli;

import picocli.CommandLine;

/** {@code --version}: Frontier's version and the Java it runs on. */
final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return new String[]{"frontier " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
