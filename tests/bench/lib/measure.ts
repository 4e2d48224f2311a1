// What the benchmarks measure with: latency samples and their percentiles, and the figures of a
// process read from /proc (Linux only: elsewhere they are null).
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';

/** Latency samples in milliseconds; percentiles by sorting once, at the end. */
export class Samples {
	values: number[] = [];

	add(ms: number) {
		this.values.push(ms);
	}

	get count() {
		return this.values.length;
	}

	/** Percentiles (nearest rank) and extremes, rounded to 0.01 ms; nulls when empty. */
	summary() {
		const sorted = Float64Array.from(this.values).sort();
		const n = sorted.length;
		const at = (p: number) =>
			n === 0 ? null : round(sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]);
		let sum = 0;
		for (const v of sorted) sum += v;
		return {
			count: n,
			mean: n === 0 ? null : round(sum / n),
			p50: at(50),
			p90: at(90),
			p95: at(95),
			p99: at(99),
			p999: at(99.9),
			max: n === 0 ? null : round(sorted[n - 1])
		};
	}
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

let clockTicks = 0;
/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export function ticksPerSecond() {
	if (!clockTicks) {
		const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
		clockTicks = Number(out.stdout?.trim()) || 100;
	}
	return clockTicks;
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, or null when it cannot be
 * read. Field 2 (the command name) may contain spaces, so fields are counted after its ')'.
 */
export function cpuMs(pid: number) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state); utime is field 14 and stime field 15.
		const ticks = Number(fields[11]) + Number(fields[12]);
		return (ticks * 1000) / ticksPerSecond();
	} catch {
		return null;
	}
}

/**
 * How long a process's main thread has waited on the run queue so far (runnable but kept off
 * the CPU: the second field of /proc/<pid>/schedstat), in milliseconds, and how many times it
 * was scheduled (the third); null when unreadable. Their ratio is the typical delay between
 * the thread becoming ready (a message arrived, a timer fired) and running.
 */
export function runQueue(pid: number) {
	try {
		const fields = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ');
		return { waitMs: Number(fields[1]) / 1e6, slices: Number(fields[2]) };
	} catch {
		return null;
	}
}

/**
 * A process's resident memory now (VmRSS) and at its peak (VmHWM), in bytes.
 */
export function memory(pid: number) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kib = (name: string) => {
			const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
			return match ? Number(match[1]) * 1024 : null;
		};
		return { rss: kib('VmRSS'), peak: kib('VmHWM') };
	} catch {
		return { rss: null, peak: null };
	}
}

/**
 * Bytes a process caused to be written to storage (write_bytes of /proc/<pid>/io): for the
 * server on PGlite, that is the database's files, since its logs go to a pipe.
 */
export function storageWrites(pid: number) {
	try {
		const io = readFileSync(`/proc/${pid}/io`, 'utf8');
		const match = /^write_bytes:\s+(\d+)/m.exec(io);
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/**
 * Apparent size of everything under a folder, in bytes.
 */
export function folderSize(path: string): number {
	try {
		const stat = lstatSync(path);
		if (!stat.isDirectory()) return stat.size;
		return readdirSync(path).reduce((sum, name) => sum + folderSize(join(path, name)), 0);
	} catch {
		return 0;
	}
}

/**
 * Prints rows as an aligned text table; the first row is the header.
 */
export function formatTable(rows: (string | number | null | undefined)[][]) {
	const cells = rows.map((row) => row.map((cell) => (cell == null ? '—' : String(cell))));
	const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
	const line = (row: string[]) =>
		row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)]
		.map((l) => l.trimEnd())
		.join('\n');
}

/** Busy and total CPU time of the whole machine so far (the first line of /proc/stat), ms. */
export function machineCpu() {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
		const ticks = fields.map(Number);
		const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = ticks[3] + ticks[4];
		return {
			busy: ((total - idle) * 1000) / ticksPerSecond(),
			total: (total * 1000) / ticksPerSecond()
		};
	} catch {
		return null;
	}
}

/**
 * CPU so far of each PostgreSQL backend of the benchmark's database (readable in /proc when
 * the server runs on this machine).
 */
export async function backendCpu(database: { backendPids: () => Promise<number[]> }) {
	const cpu: Map<number, number> = new Map();
	for (const pid of await database.backendPids()) {
		const ms = cpuMs(pid);
		if (ms !== null) cpu.set(pid, ms);
	}
	return cpu;
}

/**
 * CPU used between two readings; a backend that appeared in between counts from zero.
 */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>) {
	let total = 0;
	for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
	return total;
}

/** The machine's load average over 1, 5 and 15 minutes: how shared it was during a run. */
export const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/**
 * Writes a benchmark's results as JSON to `path`, dated and with the machine they were measured
 * on (its load average before and after the run among them).
 */
export function writeResults(
	path: string,
	load: { before: number[]; after: number[] },
	results: Record<string, unknown>
) {
	mkdirSync(dirname(path), { recursive: true });
	const machine = {
		cpus: os.cpus().length,
		model: os.cpus()[0]?.model,
		node: process.version,
		loadAverage: load
	};
	writeFileSync(
		path,
		JSON.stringify({ date: new Date().toISOString(), machine, ...results }, null, 2)
	);
}
