package dev.runbook.integrations.docker;

import com.github.dockerjava.api.model.Statistics;

/** One sample of {@code docker stats}: CPU as a percentage of one core's worth times the cores, memory in bytes. */
public record ContainerStats(String container, double cpuPercent, long memoryBytes, long memoryLimitBytes,
                             double memoryPercent, long pids) {

    static ContainerStats of(String container, Statistics s) {
        double cpu = 0;
        var now = s.getCpuStats();
        var before = s.getPreCpuStats();
        if (now != null && before != null && now.getCpuUsage() != null && before.getCpuUsage() != null
                && now.getSystemCpuUsage() != null && before.getSystemCpuUsage() != null) {
            long cpuDelta = nz(now.getCpuUsage().getTotalUsage()) - nz(before.getCpuUsage().getTotalUsage());
            long systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
            long cpus = now.getOnlineCpus() != null ? now.getOnlineCpus()
                    : now.getCpuUsage().getPercpuUsage() == null ? 1 : now.getCpuUsage().getPercpuUsage().size();
            // The same formula as the docker CLI.
            if (systemDelta > 0 && cpuDelta > 0) cpu = (double) cpuDelta / systemDelta * cpus * 100.0;
        }
        long used = 0;
        long limit = 0;
        if (s.getMemoryStats() != null) {
            used = nz(s.getMemoryStats().getUsage());
            limit = nz(s.getMemoryStats().getLimit());
            // Like the CLI, leave out the page cache the kernel can drop (cgroup v1 "cache", v2 "inactive_file").
            var detail = s.getMemoryStats().getStats();
            if (detail != null) {
                long cache = detail.getInactiveFile() != null ? detail.getInactiveFile() : nz(detail.getCache());
                if (cache < used) used -= cache;
            }
        }
        long pids = s.getPidsStats() == null ? 0 : nz(s.getPidsStats().getCurrent());
        return new ContainerStats(container, cpu, used, limit, limit > 0 ? used * 100.0 / limit : 0, pids);
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    @Override public String toString() {
        return String.format("%s: cpu %.1f%%, memory %d MiB of %d MiB (%.1f%%), %d processes", container, cpuPercent,
                memoryBytes >> 20, memoryLimitBytes >> 20, memoryPercent, pids);
    }
}
