package dev.runbook.cli.importer;

import java.util.List;

/**
 * A part of the page that becomes one runbook: a heading whose section holds bash blocks.
 *
 * @param heading  the heading's text ("1. Container-Level Rollback"); the page's file name when the page has none
 * @param line     the heading's line (1 when there is none)
 * @param endLine  the section's last line
 * @param elements what the section holds, in order (headings of sub-sections included)
 * @param inherited prose from the sections around it that are not procedures themselves ("Rollback Authority:
 *                  P1 needs a team lead"), read for approvals that apply to every procedure of the page
 */
record Procedure(String heading, int line, int endLine, List<PageElement> elements, List<PageElement.Prose> inherited) {}
