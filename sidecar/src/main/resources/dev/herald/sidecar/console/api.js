// The admin API through the console's session: the cookie goes by itself; a state change also
// carries the session's CSRF token (docs/console.md, "Security").
let csrfToken = null;

export class SignedOut extends Error {}

/** Whether the browser has a live session; keeps its CSRF token for the state changes. */
export async function signedIn() {
  const r = await fetch('/console/session', { credentials: 'same-origin' });
  if (r.status !== 200) {
    csrfToken = null;
    return false;
  }
  csrfToken = (await r.json()).csrfToken;
  return true;
}

async function answer(r) {
  if (r.status === 401) {
    throw new SignedOut('signed out');
  }
  const text = await r.text();
  const body = text ? JSON.parse(text) : {};
  if (!r.ok) {
    throw new Error(`${r.status} ${body.error || ''}: ${body.reason || text}`);
  }
  return body;
}

export async function get(path) {
  return answer(await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

/** POST or DELETE with the session's CSRF token. */
export async function send(method, path) {
  return answer(await fetch(path, {
    method, credentials: 'same-origin', headers: { Accept: 'application/json', 'X-Herald-CSRF': csrfToken || '' },
  }));
}
