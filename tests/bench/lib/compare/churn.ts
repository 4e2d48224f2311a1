// Scenario C's churn: documents opened and closed at a steady rate, each by a raw reader that
// connects, waits for the stored state and leaves, while the rest of the load goes on.
import { Editor, Propagation } from '../editor.ts';
import { Samples } from '../measure.ts';
import { Recorder } from '../recorder.ts';

/** Opens still under way beyond which a tick is skipped (and counted) rather than piled up. */
const MAX_IN_FLIGHT = 200;

/**
 * @param options.documents opened in turn
 */
export function startChurn({
	target,
	running,
	documents,
	perSecond
}: {
	target: import('./targets.ts').Target;
	running: import('./targets.ts').Running;
	documents: string[];
	perSecond: number;
}) {
	const opens = new Samples();
	const recorder = new Recorder();
	let failures = 0;
	let skipped = 0;
	let inFlight = 0;
	let next = 0;
	let measuring = false;
	const errors: string[] = [];
	const open = async () => {
		if (inFlight >= MAX_IN_FLIGHT) {
			skipped++;
			return;
		}
		const name = documents[next++ % documents.length];
		const client = new Editor({
			url: running.wsUrl(name),
			headers: target.headers(running, 'reader', next),
			name: 'churn',
			recorder,
			propagation: new Propagation(recorder),
			peers: () => 0,
			random: Math.random,
			framing: target.framing,
			documentName: name,
			role: 'reader',
			measures: false,
			applies: false
		});
		const counted = measuring;
		inFlight++;
		const started = performance.now();
		try {
			await client.connect(15_000);
			if (counted) opens.add(performance.now() - started);
		} catch (e) {
			if (counted) failures++;
			if (errors.length < 5) errors.push(e instanceof Error ? e.message : String(e));
		} finally {
			inFlight--;
			client.close();
		}
	};
	const timer = setInterval(() => void open(), 1000 / perSecond);
	return {
		opens,
		get failures() {
			return failures;
		},
		get skipped() {
			return skipped;
		},
		errors,
		/** Whether the opens started from now on are counted. */
		measure(on: boolean) {
			measuring = on;
		},
		stop() {
			clearInterval(timer);
		}
	};
}
