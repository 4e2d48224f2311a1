import { LOCAL_PREFIX } from './marks';

/**
 * What a host's phone keeps for the welcome desk of an open-house site: the day's list as last
 * received, and the arrivals recorded and not yet acknowledged by the server (the network may
 * be weak on a factory floor). Named like the person's other local data, and forgotten with it
 * when they log out.
 */

export interface PendingScan {
	/** The arrival's own id, made here: the server counts it once however often it is sent. */
	id: string;
	code?: string;
	registrationId?: string;
	slotId?: string;
	people?: number;
	scannedAt: string;
	/** Which site's desk recorded it. */
	siteId: string;
}

export const checkInsName = (userId: string) => `${LOCAL_PREFIX}${userId}:check-ins`;

function request<T>(make: () => IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		const req = make();
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

export class CheckInStore {
	#db: Promise<IDBDatabase>;

	constructor(userId: string, factory: IDBFactory = indexedDB) {
		this.#db = new Promise((resolve, reject) => {
			const open = factory.open(checkInsName(userId), 1);
			open.onupgradeneeded = () => {
				open.result.createObjectStore('lists', { keyPath: 'key' });
				open.result.createObjectStore('queue', { keyPath: 'id' });
			};
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
	}

	async #store(name: 'lists' | 'queue', mode: IDBTransactionMode) {
		return (await this.#db).transaction(name, mode).objectStore(name);
	}

	async keepList<T>(key: string, list: T): Promise<void> {
		const store = await this.#store('lists', 'readwrite');
		await request(() => store.put({ key, list, keptAt: Date.now() }));
	}

	async list<T>(key: string): Promise<{ list: T; keptAt: number } | undefined> {
		const store = await this.#store('lists', 'readonly');
		return request(() => store.get(key) as IDBRequest<{ list: T; keptAt: number } | undefined>);
	}

	async add(scan: PendingScan): Promise<void> {
		const store = await this.#store('queue', 'readwrite');
		await request(() => store.put(scan));
	}

	async pending(siteId: string): Promise<PendingScan[]> {
		const store = await this.#store('queue', 'readonly');
		const all = await request(() => store.getAll() as IDBRequest<PendingScan[]>);
		return all
			.filter((s) => s.siteId === siteId)
			.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
	}

	async remove(ids: string[]): Promise<void> {
		const store = await this.#store('queue', 'readwrite');
		await Promise.all(ids.map((id) => request(() => store.delete(id))));
	}
}

/** The registration a confirmation's code names (`<id>.<signature>`), or null if it is not one. */
export function codeRegistration(code: string): string | null {
	const m =
		/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{10,40}$/i.exec(
			code.trim()
		);
	return m ? m[1].toLowerCase() : null;
}
