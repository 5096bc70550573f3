package dev.frontier.worker;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;

/**
 * Prepares ND4J once per JVM for one trial per core: one BLAS and one OpenMP thread per calling thread (with more,
 * ND4J's pool and OpenBLAS spin against each other on a busy machine). Also knows the versions for provenance.
 */
final class Nd4jRuntime {
    /** ND4J's property naming its op executioner class; read once, when ND4J initialises. */
    static final String EXECUTIONER_PROPERTY = "opexec";

    /**
     * JavaCPP's cap on the process's resident memory, read once when JavaCPP loads. Checking it reads the resident size
     * under one lock for every native allocation, and ND4J allocates for every op: with it, two trainers in one JVM
     * spent 7% of their time waiting on that lock, and an op-bound step ran 18% slower alone. Off (0) unless set;
     * JavaCPP's cap on its own allocations ({@code maxbytes}) still applies, and a cluster manager caps the process.
     */
    static final String PHYSICAL_BYTES_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";

    static {
        if (System.getProperty(EXECUTIONER_PROPERTY) == null) {
            System.setProperty(EXECUTIONER_PROPERTY, FencedOpExecutioner.class.getName());
        }
        if (System.getProperty(PHYSICAL_BYTES_PROPERTY) == null) System.setProperty(PHYSICAL_BYTES_PROPERTY, "0");
    }

    /** Set to true to run on another executioner anyway (to reproduce the crash it prevents: bench.GcStress). */
    static final String UNFENCED_PROPERTY = "frontier.unfenced";

    private static volatile boolean ready;
    private static String host;

    private Nd4jRuntime() {
    }

    static void ensureReady() {
        if (ready) return;
        synchronized (Nd4jRuntime.class) {
            if (ready) return;
            if (!Boolean.getBoolean(UNFENCED_PROPERTY) && !(Nd4j.getExecutioner() instanceof FencedOpExecutioner)) {
                throw new IllegalStateException("ND4J was initialised with " + Nd4j.getExecutioner().getClass().getName()
                        + " before Frontier could install " + FencedOpExecutioner.class.getSimpleName()
                        + "; set -D" + EXECUTIONER_PROPERTY + "=" + FencedOpExecutioner.class.getName());
            }
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
            ready = true;
        }
    }

    static synchronized String host() {
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown";
            }
        }
        return host;
    }

    static String nd4jVersion() {
        return mavenVersion("org.nd4j", "nd4j-api", Nd4j.class);
    }

    static String frontierVersion() {
        return mavenVersion("dev.frontier", "frontier-worker", Nd4jRuntime.class);
    }

    /** The version in a jar's Maven metadata, or "unknown" (e.g. when running from classes in a build tree). */
    static String mavenVersion(String group, String artifact, Class<?> from) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = from.getResourceAsStream(resource)) {
            if (in == null) {
                String v = from.getPackage() == null ? null : from.getPackage().getImplementationVersion();
                return v == null ? "unknown" : v;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
