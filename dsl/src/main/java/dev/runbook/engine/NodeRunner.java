package dev.runbook.engine;

import dev.runbook.model.Node;

/**
 * Runs one kind of node of a runbook: a step, a gate, an approval, a prompt, an include, a parallel block, a
 * forEach. The conductor ({@link RunSession#runNode}) picks the runner by the node's kind; each runner journals the
 * node's start and end, records its result in the run's results and, when it fails the run, in {@link RunState}.
 *
 * @param <N> the kind of node
 */
interface NodeRunner<N extends Node> {
    /**
     * Runs {@code node}, which stands at {@code index} (0-based) among the runbook's nodes.
     *
     * @return false when the run must not go on: the node failed without {@code continueOnFailure}, or the operator
     * aborted
     */
    boolean run(N node, int index);
}
