package dev.runbook.integrations.pg;

/**
 * One expectation of an integrity check and what the database answered.
 *
 * @param value    what the query returned: its single number, or its row count when it returns rows
 * @param expected what the value had to be
 */
public record CheckRow(String name, String query, Object value, Object expected, boolean ok) {}
