// The figures of `npm run bench:mixed`: what each window measures besides the typists and the
// pages (the server's CPU, this process's event loop, the machine's load), the ratios, the table.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuMs, formatTable, machineCpu, round, runQueue, Samples } from './measure.ts';
import type { PageLoad } from './mixed-pages.ts';
import type { TypingWindow } from './mixed-typists.ts';

/** The goal: propagation p99 under page load at most this many times the one without. */
export const GOAL = 1.5;
const LOOP_RESOLUTION_MS = 10;

export interface Phase {
	name: string;
	seconds: number;
	typing: TypingWindow | null;
	pages: PageLoad | null;
	/** The server process's CPU (main thread and its workers: PGlite's), % of one core. */
	serverCpuPercent: number | null;
	/** Share of the window the server's main thread was runnable but kept off the CPU. */
	serverRunQueuePercent: number | null;
	/** The whole machine's busy CPU, % of all its cores. */
	machineBusyPercent: number | null;
	/**
	 * This process's event-loop delay p99 (ms): when it is high, the typists' clock is late,
	 * not (only) the server.
	 */
	benchLoopDelayP99Ms: number;
	/** os.loadavg() at the end of the window: 1, 5 and 15 minutes. */
	loadAverage: number[];
}

/** Runs one window and reads, around it, the server's CPU, the event loop and the load. */
export async function measurePhase(
	name: string,
	serverPid: number,
	fn: () => Promise<{ typing?: TypingWindow; pages?: PageLoad }>
): Promise<Phase> {
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	const start = {
		at: performance.now(),
		cpu: cpuMs(serverPid),
		queue: runQueue(serverPid),
		machine: machineCpu()
	};
	loop.enable();
	const { typing = null, pages = null } = await fn();
	loop.disable();
	const end = {
		at: performance.now(),
		cpu: cpuMs(serverPid),
		queue: runQueue(serverPid),
		machine: machineCpu()
	};
	const ms = end.at - start.at;
	const phase: Phase = {
		name,
		seconds: round(ms / 1000, 1),
		typing,
		pages,
		serverCpuPercent:
			start.cpu !== null && end.cpu !== null ? round(((end.cpu - start.cpu) / ms) * 100, 1) : null,
		serverRunQueuePercent:
			start.queue && end.queue
				? round(((end.queue.waitMs - start.queue.waitMs) / ms) * 100, 1)
				: null,
		machineBusyPercent:
			start.machine && end.machine
				? round(
						((end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total)) *
							100,
						1
					)
				: null,
		benchLoopDelayP99Ms: round(Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS), 1),
		loadAverage: os.loadavg().map((l) => round(l, 2))
	};
	console.log(
		`  ${name}: ` +
			[
				typing &&
					`propagation p50 ${typing.propagationMs.p50} ms p99 ${typing.propagationMs.p99} ms`,
				pages && `pages ${pages.rps} req/s p50 ${pages.p50} ms p99 ${pages.p99} ms`,
				`server CPU ${phase.serverCpuPercent} %`,
				`load ${phase.loadAverage[0]}`
			]
				.filter(Boolean)
				.join(', ')
	);
	return phase;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
	a == null || b == null || b === 0 ? null : round(a / b, 2);

/**
 * The ratios with and without the other load. The typists' baseline is the two typing-alone
 * windows pooled, the one before the mixed window and the one after: the machine's noise shows in
 * how far apart those two are, and when their p99 differ by more than the goal's margin the
 * verdict is left open. The pages' baseline is the pages-alone window.
 */
export function ratios(phases: Phase[]) {
	const [before, pages, both, after] = phases;
	const pooled = new Samples();
	for (const p of [before, after]) pooled.values.push(...(p.typing?.samples.values ?? []));
	const without = pooled.summary();
	const p99 = (p: Phase) => p.typing?.propagationMs.p99;
	const underLoad = ratio(p99(both), without.p99);
	const noise = ratio(p99(after), p99(before));
	const noisy = noise === null || noise > GOAL || noise < 1 / GOAL;
	return {
		propagationWithoutMs: { p50: without.p50, p99: without.p99, count: without.count },
		propagationP99UnderPageLoad: underLoad,
		propagationP50UnderPageLoad: ratio(both.typing?.propagationMs.p50, without.p50),
		propagationP99UnderPageLoadVsBefore: ratio(p99(both), p99(before)),
		propagationP99UnderPageLoadVsAfter: ratio(p99(both), p99(after)),
		propagationP99AfterVsBefore: noise,
		pagesP50UnderTyping: ratio(both.pages?.p50, pages.pages?.p50),
		pagesP99UnderTyping: ratio(both.pages?.p99, pages.pages?.p99),
		pagesRpsUnderTyping: ratio(both.pages?.rps, pages.pages?.rps),
		goal: GOAL,
		goalMet: underLoad === null ? null : underLoad <= GOAL,
		/** The two typing-alone windows disagree by more than the goal's margin. */
		tooNoisy: noisy
	};
}

/** The table of the windows, then the ratios. */
export function printReport(phases: Phase[], r: ReturnType<typeof ratios>) {
	console.log(
		'\n' +
			formatTable([
				[
					'window',
					'prop p50 ms',
					'prop p99 ms',
					'keys',
					'page p50 ms',
					'page p99 ms',
					'req/s',
					'server CPU %',
					'server waits %',
					'machine %',
					'bench loop p99',
					'load 1m'
				],
				...phases.map((p) => [
					p.name,
					p.typing?.propagationMs.p50,
					p.typing?.propagationMs.p99,
					p.typing?.keystrokes,
					p.pages?.p50,
					p.pages?.p99,
					p.pages?.rps,
					p.serverCpuPercent,
					p.serverRunQueuePercent,
					p.machineBusyPercent,
					p.benchLoopDelayP99Ms,
					p.loadAverage[0]
				])
			])
	);
	const verdict = r.goalMet ? 'met' : 'missed';
	console.log(
		`\nPropagation under page load / without (both typing-alone windows pooled): ` +
			`p50 ×${r.propagationP50UnderPageLoad}, p99 ×${r.propagationP99UnderPageLoad} ` +
			`(goal ≤ ${GOAL}: ${r.tooNoisy ? `${verdict}, but too noisy to judge` : verdict}); ` +
			`p99 ×${r.propagationP99UnderPageLoadVsBefore} against the window before, ` +
			`×${r.propagationP99UnderPageLoadVsAfter} against the one after (after / before ` +
			`×${r.propagationP99AfterVsBefore}: the noise)`
	);
	console.log(
		`Pages under typing / without: p50 ×${r.pagesP50UnderTyping}, p99 ×${r.pagesP99UnderTyping}, ` +
			`req/s ×${r.pagesRpsUnderTyping}`
	);
	console.log(
		`Load average (1, 5, 15 min) at the end: ${os
			.loadavg()
			.map((l) => round(l, 2))
			.join(', ')}`
	);
}
