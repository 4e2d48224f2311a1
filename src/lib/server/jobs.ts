const HOUR = 60 * 60 * 1000;

/**
 * Runs a job now and then every `every` milliseconds (hourly by default). Jobs that send e-mails
 * log what they sent in the database, so running them often (or on several instances, or again
 * after a restart) never sends twice. The timer never keeps the process alive; the returned
 * function stops it and waits for a run in progress.
 */
export function schedule(
	name: string,
	job: () => Promise<unknown>,
	every = HOUR
): () => Promise<void> {
	let running: Promise<unknown> = Promise.resolve();
	const run = () => {
		running = job().catch((e) => console.error(`${name} failed:`, e));
	};
	run();
	const timer = setInterval(run, every);
	timer.unref();
	return async () => {
		clearInterval(timer);
		await running;
	};
}
