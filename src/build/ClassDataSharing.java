import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Build step of {@code mvn package} (exec-maven-plugin, run as a single source file by {@code java}): makes a new
 * JVM start the app faster (issue 16). Measured on the local runner with state in Cosmos DB: before this step the
 * JVM spent about 1 s of CPU verifying the signed Azure SDK jars and parsing their manifests (one digest line per
 * class, 0.4–0.5 MB each), and about 3 s loading and linking classes.
 *
 * <pre>
 *   java src/build/ClassDataSharing.java &lt;class list&gt; &lt;jar&gt; &lt;archive&gt; &lt;args file&gt; &lt;lib folder&gt;...
 * </pre>
 *
 * <ul>
 *   <li>Unsign: every jar in the folders that carries a signature loses its signature files and the
 *       per-entry digests of its manifest (the main attributes, such as {@code Multi-Release}, stay). A signed jar's
 *       classes cannot be archived (CDS skips signed jars) and each one is checked against its digest when loaded.
 *       The jars come from the Maven registry over the build's own connection; nothing checks the signer at run
 *       time. Jars without a signature are left untouched, so the step is idempotent.</li>
 *   <li>Dump: a static class-data sharing archive of the classes named in the list (a training run's
 *       {@code -XX:DumpLoadedClassList}, see {@code scripts/cds-classlist.sh}) for the jar. A class the list names
 *       that no longer exists is skipped; an archive that does not match the jars at run time is ignored by the
 *       JVM (the runner starts, only slower). A failed dump is reported and does not fail the build.</li>
 *   <li>Args file: the JVM options that use it, for {@code java @<args file> -jar <jar>} (absolute paths, so it
 *       works from any folder): the archive, and the C1 compiler only (C2 spent about 0.5 s of CPU compiling
 *       start-up code that then runs once). Without an archive, only the latter. Mapping the archive where it was
 *       dumped instead of relocating it ({@code -XX:ArchiveRelocationMode=0}) was measured too: it made the start
 *       slower here, so it is not used.</li>
 * </ul>
 */
public final class ClassDataSharing {
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: <class list> <jar> <archive> <args file> <lib folder>...");
            System.exit(2);
        }
        int changed = 0;
        for (int i = 4; i < args.length; i++) {
            changed += unsignAll(Path.of(args[i]));
        }
        System.out.println("[cds] unsigned " + changed + " jar(s)");
        Path archive = Path.of(args[2]).toAbsolutePath();
        boolean dumped = dump(Path.of(args[0]), Path.of(args[1]), archive);
        List<String> options = new ArrayList<>();
        if (dumped) {
            options.add("\"-XX:SharedArchiveFile=" + archive + "\"");
            options.add("-Xshare:auto");
        }
        options.add("-XX:TieredStopAtLevel=1");
        Files.write(Path.of(args[3]), options);
    }

    private static int unsignAll(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int changed = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                if (unsign(jar)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** Rewrites a signed jar without its signature; true when it was signed. */
    static boolean unsign(Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            if (in.stream().noneMatch(e -> SIGNATURE.matcher(e.getName()).matches())) {
                return false;
            }
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getEntries().clear(); // the per-entry digests
            try (OutputStream file = Files.newOutputStream(out); JarOutputStream jos = new JarOutputStream(file, manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || SIGNATURE.matcher(name).matches()) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(name);
                    copy.setTime(e.getTime());
                    jos.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static boolean dump(Path classList, Path jar, Path archive) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.deleteIfExists(archive);
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList.toAbsolutePath(),
                "-XX:SharedArchiveFile=" + archive.toAbsolutePath(),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", jar.toAbsolutePath().toString()));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new String(p.getInputStream().readAllBytes()).lines().toList();
        int status = p.waitFor();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (status == 0 && Files.isRegularFile(archive)) {
            System.out.printf("[cds] %s: %d MiB from %s in %d ms%n", archive.getFileName(),
                    Files.size(archive) >> 20, classList.getFileName(), ms);
            return true;
        }
        System.out.println("[cds] WARNING: no archive (exit " + status + "); the runner starts without it. Last lines:");
        output.stream().skip(Math.max(0, output.size() - 5)).forEach(l -> System.out.println("[cds]   " + l));
        return false;
    }
}
