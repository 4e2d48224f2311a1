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

const afterAnswers = new Set<Promise<void>>();

/**
 * Runs work once the current request has been answered, so that how long the answer takes says
 * nothing about what the work found (whether an address has an account). A failure is logged,
 * never left unhandled.
 */
export function afterAnswer(name: string, work: () => Promise<unknown>): void {
	const done: Promise<void> = new Promise((resolve) => setImmediate(resolve))
		.then(work)
		.then(
			() => {},
			(e) => console.error(`${name} failed:`, e)
		)
		.finally(() => afterAnswers.delete(done));
	afterAnswers.add(done);
}

/** Waits for the work queued by `afterAnswer`, including work queued meanwhile. */
export async function afterAnswersSettled(): Promise<void> {
	while (afterAnswers.size > 0) await Promise.all(afterAnswers);
}
