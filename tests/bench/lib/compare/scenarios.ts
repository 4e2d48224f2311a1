// What `npm run bench:collab -- --compare` runs: the load of every simulated person, the
// scenarios and their steps, and how long each part may take so that the whole run fits in
// 15 minutes on a 2-core machine.

export const LOAD: import('../typing.ts').Load = {
	keysPerSecond: 5,
	cursorsPerSecond: 2,
	deleteRatio: 0.05,
	pastesPerMinute: 1,
	pasteChars: 2048
};

/** Steps of this many clients or fewer use the real client libraries; larger ones raw clients. */
export const LIBRARY_LIMIT = 200;

export const TIMING: import('./step.ts').Timing = { warmupS: 3, windowS: 3, windows: 3, drainS: 4 };
/** A few seconds per step, for trying the run out (`--quick`). */
export const QUICK_TIMING = { warmupS: 1, windowS: 1.5, windows: 2, drainS: 3 };

/** Scenario C's stored documents, opened and closed in turn, and D's large one. */
export const CHURN_DOCUMENTS = 400;
export const CHURN_DOCUMENT_BYTES = 4096;
export const CHURN_PER_SECOND = 20;
export const BIG_DOCUMENT_BYTES = 16 * 2 ** 20;

export interface Scenario {
	id: 'A' | 'B' | 'C' | 'D';
	title: string;
	/**
	 * time kept for the scenario, all servers included, while the scenarios before it run; a
	 * scenario may use whatever the run's budget leaves after the reserves of those after it, and a
	 * step whose round would not fit is not run
	 */
	reserveS: number;
	steps: import('./step.ts').Step[];
}

const clients = (typists: number, readers: number, documents: number) =>
	(typists + readers) * documents;

export function scenarios(quick: boolean): Scenario[] {
	const readerSteps = quick ? [20, 250] : [100, 250, 500, 750, 1000, 1500, 2000];
	const documentSteps = quick ? [10, 100] : [10, 30, 100, 200, 300, 1000, 3000];
	const churnDocuments = quick ? 10 : 30;
	const budget = (s: number) => (quick ? s / 4 : s);
	return [
		{
			id: 'A',
			title: 'one document, 10 typists and a growing number of readers',
			reserveS: budget(200),
			steps: readerSteps.map((readers) => ({
				scenario: 'A' as const,
				label: `10 typists + ${readers} readers`,
				documents: 1,
				typists: 10,
				readers,
				clients: clients(10, readers, 1),
				library: clients(10, readers, 1) <= LIBRARY_LIMIT
			}))
		},
		{
			id: 'B',
			title: 'a growing number of documents with 3 typists each',
			reserveS: budget(260),
			steps: documentSteps.map((documents) => ({
				scenario: 'B' as const,
				label: `${documents} documents × 3`,
				documents,
				typists: 3,
				readers: 0,
				clients: clients(3, 0, documents),
				library: clients(3, 0, documents) <= LIBRARY_LIMIT
			}))
		},
		{
			id: 'C',
			title: `${CHURN_PER_SECOND} documents opened and closed per second while B runs`,
			reserveS: budget(70),
			steps: [
				{
					scenario: 'C',
					label: `${churnDocuments} documents × 3 + ${CHURN_PER_SECOND} opens/s`,
					documents: churnDocuments,
					typists: 3,
					readers: 0,
					clients: clients(3, 0, churnDocuments),
					library: clients(3, 0, churnDocuments) <= LIBRARY_LIMIT,
					churnPerSecond: CHURN_PER_SECOND
				}
			]
		},
		{
			id: 'D',
			title: 'someone opens a 16 MB document while A runs',
			reserveS: budget(80),
			steps: [
				{
					scenario: 'D',
					label: '10 typists + 100 readers + a 16 MB document opened',
					documents: 1,
					typists: 10,
					readers: 100,
					clients: clients(10, 100, 1),
					library: clients(10, 100, 1) <= LIBRARY_LIMIT
				}
			]
		}
	];
}
