// Preloaded into the server under benchmark (`node --expose-gc --import probe.mjs server.js`),
// without touching its code: on SIGUSR2 it runs a full garbage collection and prints its memory
// as one line, so that memory is compared between two settled states rather than between two
// moments of the garbage collector's schedule. The line also carries the collaboration server's
// own figures (documents in memory, sockets, loads), which the fault drills read.
process.on('SIGUSR2', () => {
	const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
	gc?.();
	gc?.();
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
	const server = /** @type {{ __maillageCollab?: { stats: () => object } }} */ (globalThis)
		.__maillageCollab;
	const collab = server ? server.stats() : null;
	const line = JSON.stringify({
		rss,
		heapUsed,
		heapTotal,
		external,
		arrayBuffers,
		gc: !!gc,
		collab
	});
	process.stdout.write(`[bench-probe] ${line}\n`);
});
