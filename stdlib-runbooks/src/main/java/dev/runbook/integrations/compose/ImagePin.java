package dev.runbook.integrations.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes the image tag of one service in a compose file, editing that one line so comments and layout stay as
 * they were (a YAML round trip would lose them), after copying the file aside.
 */
final class ImagePin {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9._-]+|\"[^\"]+\"|'[^']+')\\s*:\\s*(.*)$");
    private static final Pattern IMAGE = Pattern.compile("^(\\s*image\\s*:\\s*)([\"']?)([^\"'#\\s]+)([\"']?)(\\s*(#.*)?)$");

    private ImagePin() {}

    /** The image reference with a new tag: {@code registry:5000/app:1.2.4} + {@code 1.2.3}; a full reference replaces it whole. */
    static String retag(String image, String tag) {
        if (tag.contains(":") || tag.contains("/") || tag.contains("@")) return tag;
        String base = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = base.lastIndexOf('/');
        // The tag starts at the first colon after the last slash (earlier colons belong to a registry port; a
        // tag written as a variable such as ${TAG:-latest} has colons of its own).
        int colon = base.indexOf(':', slash + 1);
        if (colon >= 0) base = base.substring(0, colon);
        return base + ":" + tag;
    }

    static PinResult pin(Path file, String service, String tag, Instant now) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int imageLine = findImageLine(lines, service, file);
        Matcher m = IMAGE.matcher(lines.get(imageLine));
        if (!m.matches()) throw new IllegalStateException("cannot read the image line of service '" + service + "': " + lines.get(imageLine).strip());
        String from = m.group(3);
        String to = retag(from, tag);
        Path backup = unusedBackupPath(file, STAMP.format(now));
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
        lines.set(imageLine, m.group(1) + m.group(2) + to + m.group(4) + m.group(5));
        String text = String.join("\n", lines) + "\n";
        Path temp = file.resolveSibling("." + file.getFileName() + ".pin-tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PinResult(service, from, to, file.toString(), backup.toString(), false);
    }

    /**
     * {@code <file>.bak-<time>}, or {@code -2}, {@code -3} … after it when that copy exists: a runbook pins api and
     * worker within the same second, and overwriting the first copy would lose the file as it was before both pins.
     */
    private static Path unusedBackupPath(Path file, String stamp) {
        Path backup = file.resolveSibling(file.getFileName() + ".bak-" + stamp);
        for (int n = 2; Files.exists(backup, LinkOption.NOFOLLOW_LINKS); n++) {
            backup = file.resolveSibling(file.getFileName() + ".bak-" + stamp + "-" + n);
        }
        return backup;
    }

    /** The line index of {@code image:} directly under {@code services: -> <service>:}. */
    private static int findImageLine(List<String> lines, String service, Path file) {
        int servicesIndent = -1;
        int serviceIndent = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            Matcher k = KEY.matcher(line);
            int indent = line.length() - line.stripLeading().length();
            if (servicesIndent >= 0 && indent <= servicesIndent) {
                servicesIndent = -1; // left the services block
                serviceIndent = -1;
            }
            if (serviceIndent >= 0 && indent <= serviceIndent) serviceIndent = -1;
            if (!k.matches()) continue;
            String key = unquote(k.group(2));
            if (servicesIndent < 0 && key.equals("services") && k.group(3).isBlank()) {
                servicesIndent = indent;
            } else if (servicesIndent >= 0 && serviceIndent < 0 && key.equals(service)) {
                serviceIndent = indent;
            } else if (serviceIndent >= 0 && key.equals("image")) {
                return i;
            }
        }
        throw new IllegalArgumentException("service '" + service + "' has no image: line in " + file
                + " — check the service name (docker compose config --services lists them)");
    }

    private static String unquote(String key) {
        return key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'")) ? key.substring(1, key.length() - 1) : key;
    }
}
