// Browser tests in Debian's Chromium: the demo's pages are keyboard-usable and have no
// axe-core violations (WCAG 2.1 A/AA rules). Needs a running demo:
//   CONTINUUM_URL=http://127.0.0.1:PORT DEMO_LOGIN=… DEMO_PASSWORD=… node browser.test.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.CONTINUUM_URL;
const login = process.env.DEMO_LOGIN;
const password = process.env.DEMO_PASSWORD;
assert.ok(base && login && password, 'CONTINUUM_URL, DEMO_LOGIN and DEMO_PASSWORD must be set');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failures = 0;
async function check(name, fn) {
  try { await fn(); console.log(`ok   ${name}`); }
  catch (e) { failures++; console.log(`FAIL ${name}\n     ${e.message.split('\n').join('\n     ')}`); }
}
async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  const v = result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}× — ${v.help}\n       ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join('\n       ')}`);
  assert.deepEqual(v, [], `axe violations on ${page.url()}`);
}

const page = await (await browser.newContext({ locale: 'nl-NL' })).newPage();

await check('the login page has no accessibility violations', async () => {
  await page.goto(`${base}/inloggen`);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await axe(page);
});

await check('signing in works with the keyboard alone', async () => {
  await page.goto(`${base}/inloggen`);
  // Tab from the top: skip link, site name, then the login field.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login');
  await page.keyboard.type(login);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('h1'), /Welkom/);
});

await check('the start page has no accessibility violations', async () => { await axe(page); });

await check("a school's pupils by class, then a pupil's file", async () => {
  await page.click('text=Leerlingen per klas');
  assert.match(await page.textContent('h1'), /Leerlingen van/);
  assert.ok((await page.locator('h2:has-text("Klas")').count()) >= 2, 'several classes');
  await axe(page);
  await page.locator('main table a').first().click();
  assert.ok((await page.textContent('h2:has-text("Inschrijvingen")')).length > 0);
  await axe(page);
});

await check('the history folds open with the keyboard', async () => {
  await page.focus('details summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.querySelector('details').open), true);
});

await check("a school's care in school time, and the coverage of its agreements", async () => {
  await page.goto(`${base}/`);
  await page.click('text=Zorg in onderwijstijd');
  assert.match(await page.textContent('h1'), /Zorg in onderwijstijd/);
  assert.ok((await page.locator('h2:has-text("Klas")').count()) >= 2, 'several classes');
  await axe(page);
  // Plan the week: a roster, the chart with its table, the budget.
  await Promise.all([page.waitForURL(/\/zio\/plan$/), page.click('button:has-text("Rooster maken")')]);
  assert.match(await page.textContent('main h2'), /rooster/i);
  assert.ok((await page.locator('svg[role="img"]').count()) === 1, 'the before/after chart');
  await axe(page);
  await page.goto(`${base}/`);
  await page.click('text=Dekking van de afspraken');
  assert.match(await page.textContent('h1'), /Dekking/);
  await axe(page);
});

await check("a school's arrangements, with a reminder before a permission ends", async () => {
  await page.goto(`${base}/`);
  await page.click('text=Arrangementen');
  assert.match(await page.textContent('h1'), /Arrangementen/);
  assert.match(await page.textContent('main'), /nog \d+ dagen/);
  await axe(page);
  await page.locator('main table a[href^="/arrangementen/"]').first().click();
  assert.ok((await page.locator('h2:has-text("Geschiedenis")').count()) === 1);
  await axe(page);
});

await check('the school sees its absence signals and reports one to the leerplichtambtenaar', async () => {
  await page.goto(`${base}/`);
  await page.click('a.button:has-text("Verzuim")');
  assert.match(await page.textContent('h1'), /Verzuim/);
  assert.ok((await page.locator('td:has-text("16-uursmelding")').count()) >= 1, 'a 16-uursmelding signal');
  await axe(page);
  await Promise.all([page.waitForURL(/\/meldingen\/[0-9a-f-]+$/), page.click('button:has-text("Melden als 16-uursmelding")')]);
  assert.match(await page.textContent('h1'), /16-uursmelding/);
  assert.match(await page.textContent('main'), /Geregistreerd/);
  await axe(page);
  await page.goto(`${base}/meldingen`);
  assert.match(await page.textContent('h1'), /Verzuimmeldingen/);
  await axe(page);
});

await check('the leerplichtambtenaar handles the report and follows the escalated case', async () => {
  await page.goto(`${base}/`);
  await Promise.all([page.waitForURL(`${base}/inloggen`), page.click('button:has-text("Uitloggen")')]);
  await page.fill('#login', login.replace(/^[^@]+@/, 'gemeente@'));
  await page.fill('#password', password.replace(/^demo-[^-]+-/, 'demo-gemeente-'));
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
  await page.click('a.button:has-text("Verzuimmeldingen")');
  await axe(page);
  await page.locator('main table a[href^="/meldingen/"]').first().click();
  await page.selectOption('#status', 'in_behandeling');
  await Promise.all([page.waitForURL(/\/meldingen\/[0-9a-f-]+$/), page.click('button:has-text("Status opslaan")')]);
  assert.match(await page.textContent('main'), /In behandeling/);
  await axe(page);
  await page.goto(`${base}/zaken?lijst=geescaleerd`);
  assert.match(await page.textContent('main'), /automatisch|doorzettingsmacht/i);
  await axe(page);
  await page.locator('main table a[href^="/zaken/"]').first().click();
  assert.match(await page.textContent('h2#tijdlijn'), /Tijdlijn/);
  assert.match(await page.textContent('main'), /Automatisch geëscaleerd/);
  // A form folds open with the keyboard.
  await page.focus('details summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.querySelector('details').open), true);
  await axe(page);
});

await check("the leerplichtambtenaar's register, yearly count and doorzettingsmacht pages", async () => {
  for (const [path, heading] of [['/vrijstellingen', /Vrijstellingen/i], ['/leerplicht/artikel25', /artikel 25|jaartelling/i], ['/oogo', /Doorzettingsmacht/]]) {
    await page.goto(`${base}${path}`);
    assert.match(await page.textContent('h1'), heading, path);
    await axe(page);
  }
  await page.goto(`${base}/`);
  assert.match(await page.textContent('h2#leerplicht'), /Leerplicht/);
  await axe(page);
});

await browser.close();
if (failures) { console.log(`${failures} browser test(s) failed`); process.exit(1); }
console.log('all browser tests passed');
