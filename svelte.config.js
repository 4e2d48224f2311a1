import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build' }),
		csrf: { trustedOrigins: [] },
		// Registered by the app once someone logs in (src/lib/components/OfflineSupport.svelte).
		serviceWorker: { register: false },
		// Scripts only from the app itself: SvelteKit puts a nonce on its own inline start-up
		// script (a hash on prerendered pages), and nothing else inline runs. Styles allow inline:
		// Tiptap injects its stylesheet and ProseMirror, the presence carets and the charts set
		// style attributes; a style cannot run code, and scripts are what the policy holds.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				// The service worker that keeps recent documents for reading offline, and the manifest
				// that makes the app installable: both from the app itself.
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
