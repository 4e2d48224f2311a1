// A server under benchmark as a child process: its output kept (the last lines, and those that
// look like errors), its memory read after a full garbage collection through probe.mjs, and a
// clean stop. Optionally pinned to some CPUs with taskset, apart from the load generator.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The collaboration server's figures (CollabServer.stats()), null before it exists. */
export interface CollabStats {
	rooms: number;
	connections: number;
	joining: number;
	loading: number;
	unloading: number;
	loads: number;
	failedLoads: number;
	unloads: number;
	reloads: number;
	pendingWrites: number;
	commits: number;
	rows: number;
	bytes: number;
}

/** What probe.mjs prints: the process's memory after a full garbage collection. */
export interface ProbeMemory {
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
	gc: boolean;
	collab: CollabStats | null;
}

/** Children started and not yet exited, killed if the benchmark ends without stopping them. */
const running = new Set<{ kill: () => void }>();
process.on('exit', () => {
	for (const child of running) child.kill();
});

let taskset: boolean | null = null;
/** Whether `taskset` can pin processes here (Linux with util-linux). */
export function canPin() {
	taskset ??= spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
	return taskset;
}

/**
 * Pins a running process (all its threads) to `cpus` ("0", "1-3"); false when it cannot.
 */
export function pin(pid: number, cpus: string) {
	if (!canPin()) return false;
	return spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

/** How a child is started: `node [flags] script [args]` in `cwd`. */
export interface ChildOptions {
	script: string;
	args?: string[];
	flags?: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Pins it to these CPUs with taskset, when it can. */
	cpus?: string | null;
	/** Called once it has exited (or been killed at the end of the run). */
	onExit?: () => void;
}

/** How it exited. */
export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

/** A started child, its output, memory and stop. */
export interface ChildProcessHandle {
	pid: number;
	/** The last lines of output, shown when something goes wrong. */
	log: string[];
	/** Lines that look like errors. */
	errors: string[];
	exited: Promise<Exit>;
	alive: () => boolean;
	/** Resolves with the first output line matching `pattern`. */
	waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
	/** The process's memory after a full garbage collection (see probe.mjs). */
	settledMemory: (timeoutMs?: number) => Promise<ProbeMemory>;
	/** Stops it with SIGTERM (servers flush what they hold), SIGKILL after `graceMs`. */
	stop: (graceMs?: number) => Promise<{ stoppedMs: number } & Exit>;
}

/** Starts `node [flags] script [args]` with the memory probe preloaded. */
export function startChild({
	script,
	args = [],
	flags = [],
	cwd,
	env,
	cpus,
	onExit
}: ChildOptions): ChildProcessHandle {
	const probe = pathToFileURL(join(import.meta.dirname, 'probe.mjs')).href;
	const node = [process.execPath, '--expose-gc', '--import', probe, ...flags, script, ...args];
	// taskset execs node in place: the child's pid is the server's.
	const [command, ...rest] = cpus && canPin() ? ['taskset', '-c', cpus, ...node] : node;
	const child = spawn(command, rest, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const log: string[] = [];
	const errors: string[] = [];
	const probes: ((memory: ProbeMemory) => void)[] = [];
	const watchers: ((line: string) => void)[] = [];
	const collect = (line: string) => {
		if (!line.trim()) return;
		if (line.startsWith('[bench-probe] ')) {
			probes.shift()?.(JSON.parse(line.slice('[bench-probe] '.length)));
			return;
		}
		log.push(line);
		if (log.length > 200) log.shift();
		if (/error|failed|warn/i.test(line)) errors.push(line);
		for (const watch of watchers) watch(line);
	};
	/** Splits a stream into lines, whatever its chunks. */
	const collector = () => {
		let partial = '';
		return (chunk: Buffer) => {
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) collect(line);
		};
	};
	child.stdout.on('data', collector());
	child.stderr.on('data', collector());
	const orphan = {
		kill() {
			child.kill('SIGKILL');
			onExit?.();
		}
	};
	running.add(orphan);
	const exited: Promise<Exit> = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(orphan);
			resolve({ code, signal });
		})
	);
	const alive = () => child.exitCode === null && child.signalCode === null;

	return {
		pid: child.pid!,
		log,
		errors,
		exited,
		alive,
		waitFor(pattern, timeoutMs = 60_000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`no ${pattern} within ${timeoutMs} ms`)),
					timeoutMs
				);
				void exited.then(() => {
					clearTimeout(timer);
					reject(new Error(`exited while starting:\n${log.join('\n')}`));
				});
				watchers.push((line) => {
					const match = pattern.exec(line);
					if (!match) return;
					clearTimeout(timer);
					resolve(match);
				});
			});
		},
		settledMemory(timeoutMs = 15_000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					probes.splice(probes.indexOf(answer), 1);
					reject(new Error('the server did not report its memory'));
				}, timeoutMs);
				const answer = (memory: ProbeMemory) => {
					clearTimeout(timer);
					resolve(memory);
				};
				probes.push(answer);
				child.kill('SIGUSR2');
			});
		},
		async stop(graceMs = 20_000) {
			const started = performance.now();
			if (alive()) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			const stoppedMs = performance.now() - started;
			onExit?.();
			return { stoppedMs, ...(await exited) };
		}
	};
}
