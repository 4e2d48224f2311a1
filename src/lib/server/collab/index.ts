import { CollabServer, type CollabOptions } from './server';

const holder = globalThis as typeof globalThis & { __maillageCollab?: CollabServer };

/** MAILLAGE_UNLOAD_AFTER_S: seconds a document nobody has open stays in memory (default 60). */
function optionsFromEnv(env = process.env): CollabOptions {
	const seconds = Number(env.MAILLAGE_UNLOAD_AFTER_S);
	return env.MAILLAGE_UNLOAD_AFTER_S && seconds > 0 ? { unloadAfterMs: seconds * 1000 } : {};
}

/**
 * The process's collaboration server. One per process (kept on globalThis so that dev-server
 * reloads share it), created on first use by the upgrade handler or by a service.
 */
export function collab(): CollabServer {
	holder.__maillageCollab ??= new CollabServer(optionsFromEnv());
	return holder.__maillageCollab;
}

/** Replaces the process's collaboration server (tests start one with short delays). */
export function useCollab(server: CollabServer): CollabServer {
	holder.__maillageCollab = server;
	return server;
}

export async function shutdownCollab(): Promise<void> {
	const server = holder.__maillageCollab;
	if (server) await server.shutdown();
}

export { CollabServer };
