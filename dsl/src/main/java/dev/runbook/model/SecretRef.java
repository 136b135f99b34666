package dev.runbook.model;

/** A secret the runbook needs; its value comes from the environment and is redacted everywhere. */
public record SecretRef(String name, boolean required, SourcePos pos) {}
