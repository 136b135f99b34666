package dev.runbook.integrations.fly;

import java.util.List;

/** A Fly app's state from {@code fly status --json}: its current release and its machines. */
public record FlyStatus(String name, String status, boolean deployed, String hostname, int version, List<FlyMachine> machines) {
    public FlyStatus {
        machines = List.copyOf(machines);
    }

    /** Every machine started with all its health checks passing (and there is at least one). */
    public boolean isHealthy() {
        return !machines.isEmpty() && machines.stream().allMatch(FlyMachine::isHealthy);
    }
}
