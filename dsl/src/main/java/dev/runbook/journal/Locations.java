package dev.runbook.journal;

import java.util.regex.Pattern;

/** Journal locations as printed: a password in a URL never reaches a console, a journal or a report. */
public final class Locations {
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*):[^/@?]*@");

    private Locations() {}

    /** {@code jdbc:postgresql://h/db?user=u&password=x} → {@code ...password=***}; {@code //u:x@h} → {@code //u:***@h}. */
    public static String redact(String location) {
        if (location == null) return null;
        String s = QUERY_PASSWORD.matcher(location).replaceAll("$1***");
        return USER_INFO.matcher(s).replaceAll("$1:***@");
    }
}
