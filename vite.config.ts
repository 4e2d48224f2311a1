import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * In `vite dev`, collaboration sockets (/collab/…) are answered by the app's own sync server on
 * the dev server's port; every other upgrade stays with Vite's live reload.
 */
const collabInDev: Plugin = {
	name: 'maillage-collab-dev',
	apply: 'serve',
	configureServer(server) {
		server.httpServer?.on('upgrade', async (request, socket, head) => {
			if (!request.url?.startsWith('/collab/')) return;
			try {
				const mod = await server.ssrLoadModule('/src/lib/server/collab/dev.ts');
				await mod.handleDevUpgrade(request, socket, head);
			} catch (e) {
				console.error('[collab] dev upgrade failed', e);
				socket.destroy();
			}
		});
	}
};

export default defineConfig({
	plugins: [sveltekit(), collabInDev],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
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
