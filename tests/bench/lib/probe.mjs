// Preloaded into the server under benchmark (`node --expose-gc --import probe.mjs server.js`),
// without touching its code: on SIGUSR2 it runs a full garbage collection and prints its memory
// as one line, so that memory is compared between two settled states rather than between two
// moments of the garbage collector's schedule.
process.on('SIGUSR2', () => {
	const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
	gc?.();
	gc?.();
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
	const line = JSON.stringify({ rss, heapUsed, heapTotal, external, arrayBuffers, gc: !!gc });
	process.stdout.write(`[bench-probe] ${line}\n`);
});
