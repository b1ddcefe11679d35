// chromium.js - how the browser tests start Chromium: findChromium() looks
// for $CHROMIUM, else chromium, chromium-browser or google-chrome on PATH
// (null when none); launch(prog) starts it headless through playwright-core
// and exits 3 with a message naming `prog` when it cannot.
'use strict';

const fs = require('fs');
const path = require('path');

function findChromium() {
	if (process.env.CHROMIUM) return process.env.CHROMIUM;
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
			const p = path.join(dir, name);
			try {
				fs.accessSync(p, fs.constants.X_OK);
				return p;
			} catch (e) {
				/* next */
			}
		}
	}
	return null;
}

async function launch(prog) {
	let chromium;
	try {
		({chromium} = require('playwright-core'));
	} catch (e) {
		console.error(`${prog}: playwright-core is not installed: run scripts/install-deps --test ` +
			      '(npm ci in tests/browser)');
		process.exit(3);
	}
	const exe = findChromium();
	if (!exe) {
		console.error(`${prog}: no Chromium (chromium, chromium-browser, google-chrome on PATH ` +
			      'or $CHROMIUM): run scripts/install-deps --test');
		process.exit(3);
	}
	try {
		return await chromium.launch({executablePath: exe, headless: true,
					      args: ['--no-sandbox', '--disable-gpu']});
	} catch (e) {
		console.error(`${prog}: Chromium ${exe} does not start: ${e.message.split('\n')[0]}`);
		process.exit(3);
	}
}

module.exports = {findChromium, launch};
