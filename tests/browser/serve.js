#!/usr/bin/env node
// serve.js - the `aisec serve` dashboard in headless Chromium, as a team
// member and as an auditor would use it:
//
//   node tests/browser/serve.js --base URL --editor TOKEN --auditor TOKEN
//        --system NAME [--out DIR]
//
//   1. the portfolio asks for a sign-in; sign in with the editor token;
//   2. filter the portfolio by class (the select submits the form through the
//      progressive script) and by name; every row left matches;
//   3. open the system: the gate (--fail-on risk:major) trips;
//   4. accept every major and critical residual risk with a reason, an owner
//      and an expiry (the confirmation dialog accepted); the gate passes;
//   5. sign in as auditor: no decision form and no "verify now" button on the
//      system page, and the API answers 403 to a decision;
//   6. no console error (a CSP violation is one) on any page.
// Screenshots go to DIR (default .): portfolio.png, portfolio-filtered.png,
// system.png, system-accepted.png, system-auditor.png.
// Exit 0 all good, 1 a check failed, 2 usage, 3 Chromium unusable.
'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
	if (msg) console.error(`serve.js: ${msg}`);
	console.error('usage: node serve.js --base URL --editor TOKEN --auditor TOKEN --system NAME ' +
		      '[--out DIR]');
	process.exit(2);
}

function parseArgs(argv) {
	const o = {out: '.'};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
		if (a === '--base') o.base = val().replace(/\/$/, '');
		else if (a === '--editor') o.editor = val();
		else if (a === '--auditor') o.auditor = val();
		else if (a === '--system') o.system = val();
		else if (a === '--out') o.out = val();
		else usage(`unknown argument ${a}`);
	}
	if (!o.base || !o.editor || !o.auditor || !o.system) usage('--base, --editor, --auditor and --system are required');
	return o;
}

const {launch} = require('./chromium');

async function signIn(page, base, token, fail) {
	await page.goto(base + '/portfolio');
	if (!page.url().endsWith('/signin')) fail(`the portfolio did not ask for a sign-in (${page.url()})`);
	await page.fill('#token', token);
	await Promise.all([page.waitForNavigation(), page.click('form.signin button[type=submit]')]);
	if (!page.url().endsWith('/portfolio')) fail(`sign-in did not lead to the portfolio (${page.url()})`);
}

async function run(browser, o, failures) {
	const fail = (m) => failures.push(m);
	const watch = (page, who) => {
		page.on('console', (m) => { if (m.type() === 'error') fail(`${who}: console error: ${m.text()}`); });
		page.on('pageerror', (e) => fail(`${who}: script error: ${e.message}`));
		page.on('dialog', (d) => d.accept());
	};
	const shot = (page, name) => page.screenshot({path: path.join(o.out, name), fullPage: false});

	// ---- editor ---------------------------------------------------------------
	const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
	const page = await ctx.newPage();
	watch(page, 'editor');
	await signIn(page, o.base, o.editor, fail);
	const all = await page.locator('#portfolio tbody tr').count();
	if (all < 2) fail(`the portfolio lists ${all} systems`);
	await shot(page, 'portfolio.png');

	await Promise.all([page.waitForNavigation(), page.selectOption('#class', 'high-risk')]);
	if (!page.url().includes('class=high-risk')) fail(`choosing a class did not filter (${page.url()})`);
	const classes = await page.locator('#portfolio tbody tr td:nth-child(2)').allInnerTexts();
	if (!classes.length || classes.some((c) => c.trim() !== 'high-risk'))
		fail(`class filter: rows of other classes: ${classes.join(', ')}`);
	if (classes.length >= all) fail('class filter: nothing was filtered out');
	await page.fill('#q', o.system);
	await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
	const names = await page.locator('#portfolio tbody tr td:first-child').allInnerTexts();
	if (!names.includes(o.system) || names.some((n) => !n.includes(o.system)))
		fail(`name filter '${o.system}': rows ${names.join(', ')}`);
	await shot(page, 'portfolio-filtered.png');

	await Promise.all([page.waitForNavigation(), page.click(`#portfolio a[href="/systems/${o.system}"]`)]);
	if (!page.url().endsWith(`/systems/${o.system}`)) fail(`opening the system led to ${page.url()}`);
	let gate = await page.locator('#gate').innerText();
	if (!gate.includes('trips')) fail(`before the decisions the gate should trip: '${gate}'`);
	await shot(page, 'system.png');

	const rows = page.locator('#risks tr[data-finding]');
	const todo = [];
	for (let i = 0; i < await rows.count(); i++) {
		const level = (await rows.nth(i).locator('td:nth-child(2)').innerText()).trim();
		if (level === 'major' || level === 'critical') todo.push(await rows.nth(i).getAttribute('data-finding'));
	}
	if (!todo.length) fail('no major or critical risk to decide on');
	for (const f of todo) {
		const form = page.locator(`#risks tr[data-finding="${f}"] form.decide`);
		await form.locator('select[name=status]').selectOption('accepted');
		await form.locator('input[name=reason]').fill(`accepted for the pilot: ${f}`);
		await form.locator('input[name=owner]').fill('ml-platform team');
		await form.locator('input[name=expires]').fill('2099-12-31');
		await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
		const cell = await page.locator(`#risks tr[data-finding="${f}"] td.decision`).innerText();
		if (!cell.includes('accepted') || !cell.includes('2099-12-31'))
			fail(`${f}: the decision is not shown: '${cell}'`);
	}
	gate = await page.locator('#gate').innerText();
	if (!gate.includes('passes')) fail(`after accepting the risks the gate should pass: '${gate}'`);
	await page.locator('#risks').scrollIntoViewIfNeeded();
	await shot(page, 'system-accepted.png');
	await ctx.close();

	// ---- auditor --------------------------------------------------------------
	const actx = await browser.newContext({viewport: {width: 1280, height: 900}});
	const apage = await actx.newPage();
	watch(apage, 'auditor');
	await signIn(apage, o.base, o.auditor, fail);
	await apage.goto(`${o.base}/systems/${o.system}`);
	const forms = await apage.locator('form.decide').count();
	const verify = await apage.locator('#verify').count();
	if (forms !== 0) fail(`auditor: ${forms} decision forms rendered`);
	if (verify !== 0) fail('auditor: the "verify now" button is rendered');
	if (!(await apage.locator('#gate').innerText()).includes('passes')) fail('auditor: the gate is not the same');
	await shot(apage, 'system-auditor.png');
	const r = await actx.request.post(`${o.base}/api/systems/${o.system}/decisions`, {
		headers: {Authorization: `Bearer ${o.auditor}`},
		data: {finding: todo[0] || 'risk/model_extraction', status: 'open'},
	});
	if (r.status() !== 403) fail(`auditor: the API answered ${r.status()} to a decision, not 403`);
	const ok = await actx.request.get(`${o.base}/api/systems/${o.system}/findings`, {
		headers: {Authorization: `Bearer ${o.auditor}`},
	});
	if (ok.status() !== 200) fail(`auditor: the API answered ${ok.status()} to a read`);
	else if (!(await ok.json()).gate || (await ok.json()).gate.hit !== false)
		fail('auditor: the API does not show the gate passing');
	await actx.close();
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const browser = await launch('serve.js');
	fs.mkdirSync(o.out, {recursive: true});
	const failures = [];
	try {
		await run(browser, o, failures);
	} catch (e) {
		failures.push(`${e.message.split('\n')[0]}`);
	} finally {
		await browser.close();
	}
	for (const f of failures) console.error(`FAIL: ${f}`);
	if (failures.length) process.exit(1);
	console.log('signed in, filtered, decided, gate changed; auditor read-only (page and API)');
}

main();
