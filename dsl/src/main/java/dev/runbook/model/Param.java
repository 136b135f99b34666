package dev.runbook.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A typed input of the runbook, validated before anything runs.
 *
 * @param defaultValue null when there is none
 * @param pattern      null when any text is accepted; a value must match it as a whole
 * @param choices      empty when any value is accepted
 */
public record Param(String name, boolean required, String defaultValue, Pattern pattern,
                    List<String> choices, String description, SourcePos pos) {
    public Param {
        choices = List.copyOf(choices);
        description = description == null ? "" : description;
    }
}
