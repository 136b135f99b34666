// Run by gmavenplus's `execute` goal right after maven-jar-plugin has written the CLI's jar and
// maven-dependency-plugin has copied its dependencies into target/lib (see repl/pom.xml). It lays out target/lib as
// the distribution's lib/: the CLI's jar becomes lib/runbook.jar, beside the dependencies its manifest's Class-Path
// names. Then it rewrites the old class files of lib/.
//
// Why: picocli and Groovy's bundled ASM are compiled for Java 5 (class file version 49). The JDK's AOT cache (and
// AppCDS) cannot store a class older than version 50 once it has been linked ("Skipping picocli/CommandLine: Old class
// has been linked"), nor any class that implements or extends one, such as our picocli commands and version provider.
// So every start of the CLI loaded those ~570 classes from the jar and checked them with the old, slow verifier.
// Rewriting them as version 52 with stack map frames (computed by ASM) lets the start-up cache hold them: measured
// 2026-11-26 on 2 cores, cached `runbook exec` of three steps went from 0.39 to 0.36 s and `--version` from 0.23 to
// 0.19 s (bench/README.md). Only the copies in target/lib are rewritten, never the jars of the Maven repository.
//
// The bytecode is otherwise untouched. A class ASM cannot rewrite (a JSR instruction, a super class it cannot load)
// stays as it was and is listed; the jar still works, that class is just not cached.
import groovyjarjarasm.asm.ClassReader
import groovyjarjarasm.asm.ClassVisitor
import groovyjarjarasm.asm.ClassWriter
import groovyjarjarasm.asm.Opcodes

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.jar.JarFile
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

Path lib = Path.of(project.build.directory, 'lib')
Path jar = lib.resolve('runbook.jar')
// a new file each build, stamped now (not the jar plugin's time, which it keeps when the classes did not change): the
// launcher rebuilds when a source is newer than runbook.jar, and the start-up cache is retrained when it is older
Files.copy(project.artifact.file.toPath(), jar, StandardCopyOption.REPLACE_EXISTING)
// the folder holds exactly what the manifest names: a dependency dropped or of another version since the last build
// would otherwise stay in lib/ (and in the distribution) unused
Set<String> named = (new JarFile(jar.toFile()).withCloseable { it.manifest?.mainAttributes?.getValue('Class-Path') } ?: '')
        .split(' ').findAll() as Set
named << 'runbook.jar'
Files.list(lib).withCloseable { it.toList() }.each { Path p ->
    String name = p.fileName.toString()
    if (name.endsWith('.jar') && !named.contains(name)) Files.delete(p)
}
List<Path> jars = Files.list(lib).withCloseable { it.filter { it.toString().endsWith('.jar') }.sorted().toList() }

// ASM computes frames by finding common super classes: it loads them (without initialising) from lib/ itself
URLClassLoader hierarchy = new URLClassLoader(jars.collect { it.toUri().toURL() } as URL[], ClassLoader.platformClassLoader)

class Upgrade extends ClassVisitor {
    Upgrade(ClassVisitor next) { super(Opcodes.ASM9, next) }

    @Override
    void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces)
    }
}

/** Older than 50, the first class file version the AOT cache can store once linked. */
boolean isOld(byte[] bytes) {
    bytes.length >= 8 && (((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff)) < (Opcodes.V1_6 & 0xffff)
}

int rewritten = 0
List<String> kept = []
List<String> rewrittenNames = []
try {
    for (Path each : jars) {
        boolean hasOld = new ZipFile(each.toFile()).withCloseable { ZipFile zip ->
            Collections.list(zip.entries()).any { it.name.endsWith('.class') && isOld(zip.getInputStream(it).readNBytes(8)) }
        }
        if (!hasOld) continue
        Path upgraded = each.resolveSibling(each.fileName.toString() + '.upgrading')
        try (ZipFile zip = new ZipFile(each.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(entry).readAllBytes()
                if (entry.name.endsWith('.class') && isOld(bytes)) {
                    try {
                        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                            @Override
                            protected ClassLoader getClassLoader() { hierarchy }
                        }
                        new ClassReader(bytes).accept(new Upgrade(writer), ClassReader.SKIP_FRAMES)
                        bytes = writer.toByteArray()
                        rewritten++
                        if (!entry.name.startsWith('META-INF/')) rewrittenNames << entry.name[0..<-'.class'.length()].replace('/', '.')
                    } catch (Throwable e) {
                        kept << "${each.fileName}!${entry.name} (${e})"
                    }
                }
                ZipEntry copy = new ZipEntry(entry.name)
                copy.time = entry.time
                out.putNextEntry(copy)
                out.write(bytes)
                out.closeEntry()
            }
        }
        Files.move(upgraded, each, StandardCopyOption.REPLACE_EXISTING)
    }
} finally {
    hierarchy.close()
}

// Every rewritten class is verified (-Xverify:all) and initialised in a JVM of its own from the new jar: a frame ASM
// computed wrong fails the build here, not an operator's run
Path names = Path.of(project.build.directory, 'rewritten-class-files.txt')
Files.write(names, rewrittenNames)
Path java = Path.of(System.getProperty('java.home'), 'bin', 'java')
Path checker = Path.of(project.basedir.path, 'src', 'build', 'VerifyClassFiles.java')
Process check = new ProcessBuilder(java.toString(), '-Xverify:all', '-cp', jar.toString(), checker.toString(), names.toString())
        .redirectErrorStream(true).start()   // runbook.jar's Class-Path brings the rest of lib/
String report = check.inputStream.text.trim()
if (check.waitFor() != 0) throw new IllegalStateException("lib/: rewritten class files fail verification:\n" + report)
log.info("lib/: " + report)
log.info("lib/: ${rewritten} class files older than Java 6 rewritten as Java 8 so the start-up cache can hold them")
if (kept) log.warn("lib/: ${kept.size()} old class files left as they were:\n  " + kept.join('\n  '))
