import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Where the thread's code is: a plain module, started as it is (not part of the build). */
const THREAD_FILE = 'src/lib/server/db/pglite-thread.js';

type Operation = 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close';
interface Answer {
	id: number;
	result?: unknown;
	error?: Record<string, unknown> & { message: string };
}

/** What Drizzle and the app call on PGlite, inside a transaction or not. */
interface Queryable {
	query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
	exec(text: string): Promise<Results[]>;
}

/** A failed statement as PGlite reported it: message, PostgreSQL's code, detail, constraint… */
function rebuild(fields: Answer['error'] & object): Error {
	const { message, name, ...rest } = fields;
	const error = Object.assign(new Error(message), rest);
	if (typeof name === 'string') error.name = name;
	return error;
}

/**
 * The types whose text Drizzle keeps as it is (dates, intervals): it passes them as parsers that
 * return their input. A parser that does anything else cannot cross to the thread.
 */
function rawTypes(options?: QueryOptions): number[] {
	const raw: number[] = [];
	for (const [type, parse] of Object.entries(options?.parsers ?? {})) {
		if (parse('1', Number(type)) !== '1') {
			throw new Error(`PGlite in a thread keeps text as it is; type ${type} asks for more.`);
		}
		raw.push(Number(type));
	}
	return raw;
}

/**
 * PGlite run in a worker thread (src/lib/server/db/pglite-thread.js), behind the part of its
 * interface that Drizzle and the app use: `query`, `exec`, `transaction`, `close`. Statements are
 * ordered as PGlite orders them: one at a time, and none outside a transaction while it is open.
 */
export class PGliteThread implements Queryable {
	readonly #worker: Worker;
	readonly #pending = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void }
	>();
	#next = 1;
	#nextTransaction = 1;
	#failure: Error | null = null;
	#closing = false;

	private constructor(worker: Worker) {
		this.#worker = worker;
		worker.on('message', (answer: Answer) => this.#answer(answer));
		worker.on('error', (e) => this.#fail(e));
		worker.on('exit', (code) => this.#fail(new Error(`The database thread stopped (${code}).`)));
	}

	/** Starts the thread on the database in `dataDir` and waits until it is open. */
	static async create(dataDir: string, root = process.cwd()): Promise<PGliteThread> {
		const worker = new Worker(resolve(root, THREAD_FILE), { workerData: { dataDir } });
		const client = new PGliteThread(worker);
		await new Promise<unknown>((resolve, reject) => client.#pending.set(0, { resolve, reject }));
		return client;
	}

	#answer({ id, result, error }: Answer): void {
		const waiting = this.#pending.get(id);
		if (!waiting) return;
		this.#pending.delete(id);
		if (error) waiting.reject(rebuild(error));
		else waiting.resolve(result);
	}

	#fail(e: Error): void {
		// Every statement from now on fails with this: said once, loudly, unless we closed it.
		if (!this.#failure && !this.#closing) console.error('[db] the PGlite thread failed', e);
		this.#failure ??= e;
		for (const waiting of this.#pending.values()) waiting.reject(e);
		this.#pending.clear();
	}

	#call<T>(op: Operation, request: Record<string, unknown> = {}): Promise<T> {
		if (this.#failure) return Promise.reject(this.#failure);
		const id = this.#next++;
		return new Promise<T>((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.#worker.postMessage({ id, op, ...request });
		});
	}

	#queryable(tx?: number): Queryable {
		return {
			query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) =>
				this.#call<Results<T>>('query', {
					tx,
					text,
					params,
					rowMode: options?.rowMode,
					raw: rawTypes(options)
				}),
			exec: (text: string) => this.#call<Results[]>('exec', { tx, text })
		};
	}

	query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
		return this.#queryable().query<T>(text, params, options);
	}

	exec(text: string): Promise<Results[]> {
		return this.#queryable().exec(text);
	}

	/**
	 * Runs `run` in a transaction: committed when it returns, rolled back when it throws (or
	 * calls `rollback`). Statements sent meanwhile from outside it wait until it ends.
	 */
	async transaction<T>(run: (tx: Queryable & { rollback(): Promise<void> }) => Promise<T>) {
		const tx = this.#nextTransaction++;
		await this.#call('begin', { tx });
		let ended = false;
		const rollback = async () => {
			ended = true;
			await this.#call('rollback', { tx });
		};
		try {
			const result = await run({ ...this.#queryable(tx), rollback });
			if (!ended) await this.#call('commit', { tx });
			return result;
		} catch (e) {
			if (!ended) await this.#call('rollback', { tx }).catch(() => undefined);
			throw e;
		}
	}

	async close(): Promise<void> {
		if (this.#failure) return;
		this.#closing = true;
		await this.#call('close');
		await this.#worker.terminate();
	}

	/** What Drizzle's PGlite driver is given: this, seen as the PGlite it stands for. */
	asPGlite(): PGlite {
		return this as unknown as PGlite;
	}
}
