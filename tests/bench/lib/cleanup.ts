// What a benchmark undoes however it ends (Ctrl-C included), and how its main ends: cleaned
// up, with nothing left to keep Node alive.

/** Everything to undo, last first, however the run ends. */
export const cleanups = [] as (() => Promise<unknown> | unknown)[];
export async function cleanUp() {
	while (cleanups.length) {
		try {
			await cleanups.pop()?.();
		} catch (e) {
			console.error('cleanup:', e instanceof Error ? e.message : e);
		}
	}
}

/**
 * Runs `fn` as the benchmark's main: on SIGINT or SIGTERM, or when it ends, everything in
 * `cleanups` is undone; then the process exits.
 */
export async function main(name: string, fn: () => Promise<void>) {
	let interrupted = false;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			interrupted = true;
			console.error(`\n${signal}: stopping the servers and removing the benchmark's data…`);
			void cleanUp().then(() => process.exit(130));
		});
	}
	try {
		await fn();
	} catch (e) {
		// Once interrupted, what fails next is only the run being torn down under it: the signal
		// handler cleans up and exits.
		if (interrupted) await new Promise(() => setInterval(() => {}, 1000));
		console.error(`\n${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
		process.exitCode = 1;
	} finally {
		await cleanUp();
	}
	// Nothing of the run may keep the process alive (a stray timer, a socket).
	process.exit(process.exitCode ?? 0);
}
