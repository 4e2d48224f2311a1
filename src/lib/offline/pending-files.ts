import { LOCAL_PREFIX } from './marks';

/**
 * Files put into a document on this device and not stored by the server yet (the connection
 * was lost, the tab was closed): kept in IndexedDB until they are, so that an image pasted
 * offline is sent when the connection returns, even after a reload. The database is named like
 * the person's copies of documents, and forgotten with them when they log out.
 */

export interface PendingFile {
	/** The upload's id, also the placeholder's in the document. */
	id: string;
	documentId: string;
	/** The query naming where the file goes (`groupe=…`). */
	target: string;
	file: File;
}

const STORE = 'files';

export const pendingFilesName = (userId: string) => `${LOCAL_PREFIX}${userId}:uploads`;

function request<T>(make: () => IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		const req = make();
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

export class PendingFiles {
	#db: Promise<IDBDatabase>;

	constructor(userId: string, factory: IDBFactory = indexedDB) {
		this.#db = new Promise((resolve, reject) => {
			const open = factory.open(pendingFilesName(userId), 1);
			open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
	}

	async #store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
		return (await this.#db).transaction(STORE, mode).objectStore(STORE);
	}

	async put(pending: PendingFile): Promise<void> {
		const store = await this.#store('readwrite');
		await request(() => store.put(pending));
	}

	async get(id: string): Promise<PendingFile | undefined> {
		const store = await this.#store('readonly');
		return request(() => store.get(id) as IDBRequest<PendingFile | undefined>);
	}

	async remove(id: string): Promise<void> {
		const store = await this.#store('readwrite');
		await request(() => store.delete(id));
	}

	async close(): Promise<void> {
		(await this.#db).close();
	}
}
