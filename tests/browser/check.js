#!/usr/bin/env node
// check.js - look at self-contained HTML reports in headless Chromium, as a
// reviewer would, and fail on what a reviewer would see as broken.
//
//   node tests/browser/check.js [--widths 1024,1280,1920] [--out DIR]
//        [--pdf FILE.html] [--max-pages N] [--shots SEL,SEL..] [--expect SEL]... REPORT.html...
//
// Every report is served (from memory, no network) under the strict policy
//   Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:
// and, at each width:
//   - no table, figure, svg or card is wider than its content lets it be
//     (scrollWidth vs clientWidth) and none sticks out of its card
//     (section, header or article) or makes the page scroll sideways;
//   - identifiers, dates and paths (code, time, .tok) stay on one line;
//   - every link of the table of contents (nav a[href^="#"]) leads to a
//     visible section: after a click, its heading is in the viewport;
//   - nothing is fetched and nothing is logged to the console (a CSP
//     violation or a script error is a console error);
//   - a screenshot of the top of the page is written to DIR/<name>-<width>.png,
//     and with --shots one of the first element each CSS selector matches
//     to DIR/<name>-<width>-<k>.png (k = 1, 2, ... in --shots order);
//   - with --expect SEL (repeatable), SEL matches at least one element that
//     is rendered (a box with a width or a height): required content.
// --pdf FILE (one of the reports) prints it to A4 once: the page count must be
// between 1 and --max-pages (default 60), and at the printable width (A4
// landscape, as the report's @page asks) no table
// is cut (same width checks as on screen, in print media).
// Chromium: $CHROMIUM, else chromium, chromium-browser or google-chrome on
// PATH.  Exit 0 all good, 1 a check failed, 2 usage, 3 Chromium unusable.
'use strict';

const fs = require('fs');
const path = require('path');

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const ORIGIN = 'http://aisec-report.invalid/';

function usage(msg) {
	if (msg) console.error(`check.js: ${msg}`);
	console.error('usage: node check.js [--widths W,W..] [--out DIR] [--pdf FILE] ' +
		      '[--max-pages N] [--shots SEL,SEL..] [--expect SEL]... REPORT.html...');
	process.exit(2);
}

function parseArgs(argv) {
	const o = {widths: [1024, 1280, 1920], out: '.', pdf: null, maxPages: 60, shots: [],
		   expect: [], files: []};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
		if (a === '--widths') {
			o.widths = val().split(',').map(Number);
			if (!o.widths.length || o.widths.some((w) => !Number.isInteger(w) || w < 200))
				usage('--widths: comma-separated pixel widths (>= 200)');
		} else if (a === '--out') o.out = val();
		else if (a === '--pdf') o.pdf = val();
		else if (a === '--shots') o.shots = val().split(',').filter((x) => x);
		else if (a === '--expect') o.expect.push(val());
		else if (a === '--max-pages') {
			o.maxPages = Number(val());
			if (!Number.isInteger(o.maxPages) || o.maxPages < 1) usage('--max-pages: a number');
		} else if (a.startsWith('-')) usage(`unknown option ${a}`);
		else o.files.push(a);
	}
	if (!o.files.length) usage('no report given');
	if (o.pdf && !o.files.includes(o.pdf)) o.files.push(o.pdf);
	return o;
}

const {launch} = require('./chromium');

// Runs in the page: every layout problem as a string.
function layoutProblems() {
	const out = [];
	const slack = 1; // sub-pixel rounding
	const name = (el) => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		else if (el.classList.length) s += '.' + [...el.classList].join('.');
		const sec = el.closest('section[id]');
		if (sec && sec !== el) s += ` in section #${sec.id}`;
		return s;
	};
	const vw = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > vw + slack)
		out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${vw}px`);
	const cards = 'section, header, article, nav, footer';
	for (const el of document.querySelectorAll(`${cards}, table, figure, svg, .scroll, pre`)) {
		if (el.scrollWidth > el.clientWidth + slack && el.tagName !== 'svg')
			out.push(`${name(el)}: content ${el.scrollWidth}px wide in ${el.clientWidth}px`);
		const card = el.parentElement && el.parentElement.closest(cards);
		if (!card) continue;
		const r = el.getBoundingClientRect();
		const c = card.getBoundingClientRect();
		if (r.width && (r.left < c.left - slack || r.right > c.right + slack))
			out.push(`${name(el)} sticks out of its card ${name(card)}: ` +
				 `${Math.round(r.left)}..${Math.round(r.right)} outside ` +
				 `${Math.round(c.left)}..${Math.round(c.right)}`);
	}
	for (const el of document.querySelectorAll('code, time, .tok')) {
		if (el.closest('details:not([open])')) continue;
		const lines = new Set([...el.getClientRects()].map((r) => Math.round(r.top)));
		if (lines.size > 1) out.push(`"${el.textContent}" breaks across lines (${name(el)})`);
	}
	return out;
}

async function checkToc(page) {
	const out = [];
	const links = await page.$$eval('nav a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')));
	for (const href of links) {
		const id = decodeURIComponent(href.slice(1));
		const ok = await page.evaluate((id) => !!document.getElementById(id), id);
		if (!ok) {
			out.push(`table of contents: ${href} leads nowhere`);
			continue;
		}
		await page.click(`nav a[href="${href}"]`);
		const where = await page.evaluate((id) => {
			const t = document.getElementById(id);
			const r = t.getBoundingClientRect();
			const atEnd = window.scrollY + window.innerHeight >=
				      document.documentElement.scrollHeight - 2;
			return {top: r.top, h: r.height, vh: window.innerHeight, atEnd,
				visible: !!(t.offsetWidth || t.offsetHeight)};
		}, id);
		if (!where.visible || where.h <= 0)
			out.push(`table of contents: ${href} is not visible`);
		else if (!(where.top >= -2 && (where.top < 10 || where.atEnd) && where.top < where.vh))
			out.push(`table of contents: after a click ${href} is at ${Math.round(where.top)}px`);
	}
	if (!links.length) out.push('no table of contents (nav a[href^="#"])');
	return out;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const browser = await launch('check.js');
	fs.mkdirSync(o.out, {recursive: true});
	const failures = [];
	try {
		for (const file of o.files) {
			let html;
			try {
				html = fs.readFileSync(file);
			} catch (e) {
				console.error(`check.js: ${file}: ${e.message}`);
				process.exit(3);
			}
			const base = path.basename(file, path.extname(file));
			const url = ORIGIN + encodeURIComponent(path.basename(file));
			const fail = (m) => failures.push(`${file}: ${m}`);
			const ctx = await browser.newContext({viewport: {width: o.widths[0], height: 900}});
			const page = await ctx.newPage();
			page.on('console', (m) => {
				if (m.type() === 'error' || m.type() === 'warning')
					fail(`console ${m.type()}: ${m.text()}`);
			});
			page.on('pageerror', (e) => fail(`page error: ${e.message}`));
			await ctx.route('**/*', (route) => {
				if (route.request().url() === url)
					return route.fulfill({status: 200, body: html, headers: {
						'content-type': 'text/html; charset=utf-8',
						'content-security-policy': CSP}});
				fail(`fetches ${route.request().url()} (not self-contained)`);
				return route.abort();
			});
			const scripts = [];
			page.on('request', (r) => {
				if (r.resourceType() === 'script') scripts.push(r.url());
			});
			for (const w of o.widths) {
				await page.setViewportSize({width: w, height: 900});
				await page.goto(url, {waitUntil: 'load'});
				for (const p of await page.evaluate(layoutProblems)) fail(`at ${w}px: ${p}`);
				await page.evaluate(() => window.scrollTo(0, 0));
				await page.screenshot({path: path.join(o.out, `${base}-${w}.png`)});
				for (const [k, sel] of o.shots.entries()) {
					const el = await page.$(sel);
					if (el)
						await el.screenshot({path: path.join(o.out, `${base}-${w}-${k + 1}.png`)});
				}
				for (const sel of o.expect) {
					const n = await page.$$eval(sel, (els) => els.filter((e) => {
						const r = e.getBoundingClientRect();
						return r.width > 0 || r.height > 0;
					}).length);
					if (!n) fail(`at ${w}px: nothing rendered matches ${sel}`);
				}
				for (const p of await checkToc(page)) fail(`at ${w}px: ${p}`);
			}
			if (await page.$('script')) fail('has a <script> element');
			if (scripts.length) fail(`loads scripts: ${scripts.join(', ')}`);
			if (file === o.pdf) await checkPrint(page, url, o, fail, base);
			await ctx.close();
			console.log(`${file}: checked at ${o.widths.join(', ')} px`);
		}
	} finally {
		await browser.close();
	}
	for (const f of failures) console.error(`FAIL: ${f}`);
	if (failures.length) {
		console.error(`${failures.length} problem(s)`);
		process.exit(1);
	}
	console.log(`all good: ${o.files.length} report(s)`);
}

// A4 landscape at 96 dpi is 1123 px wide; 12 mm margins leave about 1030 px.
async function checkPrint(page, url, o, fail, base) {
	await page.emulateMedia({media: 'print'});
	await page.setViewportSize({width: 1030, height: 700});
	await page.goto(url, {waitUntil: 'load'});
	for (const p of await page.evaluate(layoutProblems)) fail(`print: ${p}`);
	const closed = await page.$$eval('details:not([open])', (d) => d.length);
	if (closed) fail(`print: ${closed} <details> closed`);
	const pdf = await page.pdf({format: 'A4', preferCSSPageSize: true, printBackground: true});
	const pdfPath = path.join(o.out, `${base}.pdf`);
	fs.writeFileSync(pdfPath, pdf);
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
	if (pages < 1 || pages > o.maxPages)
		fail(`print: ${pages} A4 pages (expected 1..${o.maxPages})`);
	console.log(`${pdfPath}: ${pages} A4 pages`);
	await page.emulateMedia({media: 'screen'});
}

main().catch((e) => {
	console.error(`check.js: ${e.stack || e}`);
	process.exit(3);
});
