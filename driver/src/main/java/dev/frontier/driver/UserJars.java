package dev.frontier.driver;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's jars ({@code --jars}): plug-in models and whatever they need. They join this JVM's context class loader,
 * where spec reading and local training find their classes, and Spark ships them to a cluster's executors.
 */
public final class UserJars {
    private static final List<Path> INSTALLED = new ArrayList<>();

    private UserJars() {
    }

    /**
     * Adds {@code jars} to the current thread's context class loader (and so to the threads and the local Spark
     * executors it starts).
     *
     * @throws BadInputException naming {@code --jars} for a file that is missing or not a jar
     */
    public static synchronized void install(List<Path> jars) {
        if (jars.isEmpty()) return;
        List<Problem> problems = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            Path absolute = jar.toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute)) {
                problems.add(new Problem("--jars", jar + ": no such file"));
            } else if (!absolute.getFileName().toString().endsWith(".jar")) {
                problems.add(new Problem("--jars", jar + ": not a .jar file"));
            } else {
                try {
                    urls.add(absolute.toUri().toURL());
                    INSTALLED.add(absolute);
                } catch (MalformedURLException e) {
                    problems.add(new Problem("--jars", jar + ": " + e.getMessage()));
                }
            }
        }
        BadInputException.throwIfAny(problems);
        Thread t = Thread.currentThread();
        t.setContextClassLoader(new URLClassLoader(urls.toArray(URL[]::new), t.getContextClassLoader()));
    }

    /** Every jar installed so far, absolute. */
    public static synchronized List<Path> installed() {
        return List.copyOf(INSTALLED);
    }
}
