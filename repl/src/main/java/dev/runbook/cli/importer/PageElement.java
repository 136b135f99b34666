package dev.runbook.cli.importer;

/** What the importer reads from a page, in the page's order. Lines are 1-based, as an editor shows them. */
sealed interface PageElement {
    int line();

    /** {@code ## 1. Container-Level Rollback}. */
    record Heading(int level, String text, int line) implements PageElement {}

    /**
     * A {@code ```bash} (or sh, shell, zsh) block. Its first code line is {@code line + 1}.
     *
     * @param item the bold title (or text) of the list item that holds the block, e.g. "Capture evidence"; null
     *             when the block is not in a list
     */
    record Bash(String code, int line, int endLine, String item) implements PageElement {
        int codeLine(int index) {
            return line + 1 + index;
        }
    }

    /** A checklist item ({@code - [ ] ...}, {@code 1. [ ] ...}) that holds no bash block. */
    record Check(String text, int line) implements PageElement {}

    /** A numbered item without a command, in a list whose other items hold bash blocks: a step done by hand. */
    record Numbered(String text, int line) implements PageElement {}

    /** One line of a paragraph, without markdown's markup; read for approvals and for a description. */
    record Prose(String text, int line, int paragraph, boolean inList) implements PageElement {}

    /** A fenced block in another language, or none ({@code ```}); named when a page has no bash block. */
    record OtherBlock(String info, int line) implements PageElement {}
}
