// One measurement window of a comparison step: the propagation latencies of what was sent in
// it, and the CPU that the server, its database's backends and the load generator used meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { backendCpu, cpuDelta, cpuMs, machineCpu, round, runQueue, Samples } from '../measure.ts';
import { sleep } from '../pool.ts';
import type { Recorder } from '../recorder.ts';
import type { Running, Target } from './targets.ts';

/** Above this propagation p99 a window is over the target. */
export const P99_LIMIT_MS = 100;
/**
 * The load generator is the bottleneck of a window when it used nearly all of its CPU, or when
 * the window's propagation p99 is over the limit and either its own event-loop delay (p99) is
 * what takes it there, or it was kept waiting for a CPU by other processes of the machine.
 */
const SELF_CPU_LIMIT_PERCENT = 90;
/** Above this mean wait for a CPU per wake-up, the load generator was starved by other work. */
const SELF_WAIT_LIMIT_MS = 1;
const LOOP_RESOLUTION_MS = 10;

export type Window = Awaited<ReturnType<typeof measureWindow>>;

/**
 * One measurement window: the latencies of what was sent in it, and the CPU the server, its
 * database's backends and the load generator used meanwhile.
 */
export async function measureWindow(
	running: Running,
	database: Target['database'],
	recorder: Recorder,
	seconds: number,
	died: Promise<unknown>
) {
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	const dbCpu = await backendCpu(database);
	const start = {
		at: performance.now(),
		server: cpuMs(running.pid),
		self: process.cpuUsage(),
		serverQueue: runQueue(running.pid),
		selfQueue: runQueue(process.pid),
		machine: machineCpu(),
		propagation: recorder.propagation.count,
		updates: recorder.updatesSent,
		keystrokes: recorder.keystrokes
	};
	loop.enable();
	await Promise.race([sleep(seconds * 1000), died]);
	loop.disable();
	const at = performance.now();
	const server = cpuMs(running.pid);
	const self = process.cpuUsage(start.self);
	const serverQueue = runQueue(running.pid);
	const selfQueue = runQueue(process.pid);
	const machine = machineCpu();
	const dbCpuMs = cpuDelta(dbCpu, await backendCpu(database));
	const ms = at - start.at;
	const part = new Samples();
	part.values = recorder.propagation.values.slice(start.propagation);
	const propagation = part.summary();
	const updates = recorder.updatesSent - start.updates;
	const serverCpuMs = server !== null && start.server !== null ? server - start.server : null;
	const selfCpuPercent = round(((self.user + self.system) / 1000 / ms) * 100, 1);
	const loopP99 = round(Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS), 1);
	const p99 = propagation.p99 ?? 0;
	// Waiting for a CPU each time it had work, the load generator adds that wait to every latency.
	const selfWaitPerWakeupMs =
		start.selfQueue && selfQueue
			? round(
					(selfQueue.waitMs - start.selfQueue.waitMs) /
						Math.max(1, selfQueue.slices - start.selfQueue.slices),
					3
				)
			: null;
	const otherCpuPercent =
		machine && start.machine && serverCpuMs !== null
			? round(
					(Math.max(
						0,
						machine.busy -
							start.machine.busy -
							serverCpuMs -
							dbCpuMs -
							(self.user + self.system) / 1000
					) /
						ms) *
						100,
					0
				)
			: null;
	const generatorBound =
		selfCpuPercent > SELF_CPU_LIMIT_PERCENT ||
		(p99 > P99_LIMIT_MS &&
			(p99 - loopP99 <= P99_LIMIT_MS || (selfWaitPerWakeupMs ?? 0) > SELF_WAIT_LIMIT_MS));
	return {
		seconds: round(ms / 1000, 2),
		updates,
		keystrokes: recorder.keystrokes - start.keystrokes,
		propagationMs: propagation,
		serverCpuMs: serverCpuMs === null ? null : round(serverCpuMs, 0),
		serverCpuPercent: serverCpuMs === null ? null : round((serverCpuMs / ms) * 100, 1),
		databaseCpuMs: round(dbCpuMs, 0),
		serverRunQueueWaitMs:
			start.serverQueue && serverQueue
				? round(serverQueue.waitMs - start.serverQueue.waitMs, 0)
				: null,
		generator: {
			cpuPercent: selfCpuPercent,
			eventLoopDelayP99Ms: loopP99,
			cpuWaitPerWakeupMs: selfWaitPerWakeupMs
		},
		// The machine's other processes (other work; PostgreSQL's other databases), % of one CPU.
		otherProcessesCpuPercent: otherCpuPercent,
		// Over the limit because of the server (the window counts against it)…
		bad: (propagation.p99 ?? 0) > P99_LIMIT_MS && !generatorBound,
		// … or the load generator's doing (the window counts for discarding the step).
		generatorBound
	};
}
