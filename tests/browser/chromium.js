// chromium.js - where the browser tests find Chromium: $CHROMIUM, else
// chromium, chromium-browser or google-chrome on PATH (null when none).
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

module.exports = {findChromium};
