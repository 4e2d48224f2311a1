import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { CONNECTION, mend } from './postgres-guard.js';

/**
 * In `vite dev`, collaboration sockets (/collab/…) are answered by the app's own sync server on
 * the dev server's port, and uploads by the app's upload handler; every other upgrade stays with
 * Vite's live reload.
 */
const collabInDev: Plugin = {
	name: 'maillage-collab-dev',
	apply: 'serve',
	configureServer(server) {
		// Uploads stream past SvelteKit, as server.js hands them over in production.
		server.middlewares.use(async (request, response, next) => {
			if (request.url?.split('?')[0] !== '/televersement') return next();
			try {
				const mod = await server.ssrLoadModule('/src/lib/server/files/upload-request.ts');
				await mod.handleNodeUpload(request, response);
			} catch (e) {
				next(e);
			}
		});
		server.httpServer?.on('upgrade', async (request, socket, head) => {
			if (!request.url?.startsWith('/collab/')) return;
			try {
				const mod = await server.ssrLoadModule('/src/lib/server/live-documents/dev.ts');
				await mod.handleDevUpgrade(request, socket, head);
			} catch (e) {
				console.error('[collab] dev upgrade failed', e);
				socket.destroy();
			}
		});
	}
};

/**
 * The production build carries postgres.js, mended as it is bundled (postgres-guard.js says
 * why), rather than loading it from node_modules through a module hook.
 */
export const mendPostgres: Plugin = {
	name: 'maillage-mend-postgres',
	apply: 'build',
	enforce: 'pre',
	config: () => ({ ssr: { noExternal: ['postgres'] } }),
	transform(code, id) {
		if (!CONNECTION.test(id.split('?')[0])) return null;
		const mended = mend(code);
		return mended === null ? null : { code: mended, map: null };
	}
};

export default defineConfig({
	plugins: [sveltekit(), collabInDev, mendPostgres],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					exclude: ['tests/unit/**/*.svelte.test.ts'],
					environment: 'node'
				}
			},
			{
				// Browser-side state in `.svelte.ts` modules: compiled and resolved as the browser gets
				// them, so that effects run and state is reactive, without a DOM.
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'client',
					include: ['tests/unit/**/*.svelte.test.ts'],
					environment: './tests/helpers/client-environment.ts',
					server: { deps: { inline: ['svelte'] } }
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					setupFiles: ['tests/helpers/setup.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
