// The console: a page per hash (#overview, #buckets, ...), each drawn from the admin API.
import { signedIn, send, SignedOut } from './api.js';
import { failure } from './dom.js';
import * as overview from './overview.js';
import * as buckets from './buckets.js';
import * as destinations from './destinations.js';
import * as deadLetters from './dead-letters.js';
import * as deliveries from './deliveries.js';

const PAGES = { overview, buckets, destinations, 'dead-letters': deadLetters, deliveries };
const REFRESH_MS = 15000;
let timer = null;

function showSignIn() {
  document.getElementById('nav').hidden = true;
  document.getElementById('page').replaceChildren();
  document.getElementById('signin').hidden = false;
  const refused = new URLSearchParams(location.search).get('signin');
  const error = document.getElementById('signin-error');
  if (refused) {
    error.textContent = refused === 'off' ? 'The console is off: Herald has no admin.token configured.'
      : 'That is not the admin token.';
    error.hidden = false;
  }
}

async function show() {
  clearTimeout(timer);
  const name = PAGES[location.hash.slice(1)] ? location.hash.slice(1) : 'overview';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('current', a.getAttribute('href') === `#${name}`);
  const page = document.getElementById('page');
  const root = document.createElement('div');
  try {
    await PAGES[name].render(root, show);
  } catch (e) {
    if (e instanceof SignedOut) {
      showSignIn();
      return;
    }
    root.append(failure(e));
  }
  page.replaceChildren(root);
  page.dataset.page = name;
  page.dataset.loaded = String(Date.now());
  if (name === 'overview') timer = setTimeout(show, REFRESH_MS);
}

async function start() {
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await send('DELETE', '/console/session'); } catch (e) { /* signed out either way */ }
    location.assign('/console/');
  });
  window.addEventListener('hashchange', show);
  if (!(await signedIn())) {
    showSignIn();
    return;
  }
  if (location.search) history.replaceState(null, '', `/console/${location.hash}`);
  document.getElementById('signin').hidden = true;
  document.getElementById('nav').hidden = false;
  await show();
}

start();
