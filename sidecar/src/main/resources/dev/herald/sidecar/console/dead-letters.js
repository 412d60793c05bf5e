import { get, send } from './api.js';
import { h, table, json, failure } from './dom.js';

function matches(d, filter) {
  const f = filter.trim().toLowerCase();
  return !f || [d.id, d.dialect, d.bucket, d.ruleId, d.targetUrl, d.lastError, String(d.lastStatus)]
    .some(v => v && v.toLowerCase().includes(f));
}

async function detail(id) {
  const d = await get(`/admin/dead-letters/${encodeURIComponent(id)}`);
  const push = d.push || {};
  return h('div', { class: 'detail', id: 'dead-letter-detail', dataset: { id } },
    h('h3', {}, `Dead letter ${d.id}`),
    h('p', {}, `${push.method} ${push.url} · ${d.attempts} attempts · died ${d.diedAt}`),
    h('h4', {}, 'Attempt log'),
    table([['#', a => a.number, 'num'], ['started', a => a.startedAt], ['ms', a => a.durationMs, 'num'],
      ['status', a => a.status ?? '—', 'num'], ['error', a => a.error ?? '']], d.attemptLog),
    h('h4', {}, 'Headers (as stored; each attempt adds its signature)'),
    h('pre', { id: 'dead-letter-headers' }, [`Content-Type: ${push.contentType}`,
      ...Object.entries(push.headers || {}).map(([k, v]) => `${k}: ${v}`)].join('\n')),
    h('h4', {}, `Payload (${push.bodyEncoding})`),
    h('pre', { id: 'dead-letter-payload' }, push.body ?? ''));
}

// What the last replay did, shown once on the page drawn after it.
let notice = '';

export async function render(root, reload) {
  const { deadLetters } = await get('/admin/dead-letters?limit=200');
  const message = h('p', { id: 'dead-letters-message' }, notice);
  notice = '';
  const shown = h('div', { id: 'dead-letter-list' });
  const slot = h('div');
  const filter = h('input', { type: 'search', id: 'dead-letter-filter', placeholder: 'filter: bucket, target, error, id…' });
  const done = r => { notice = `Replayed ${r.replayed.length}: ${r.replayed.join(', ')}`; reload(); };
  const fail = e => message.replaceChildren(failure(e));
  const list = () => shown.replaceChildren(table([
    ['id', d => h('a', { href: '#dead-letters', class: 'show', onclick: async ev => {
      ev.preventDefault();
      try { slot.replaceChildren(await detail(d.id)); } catch (e) { fail(e); }
    } }, d.id)],
    ['dialect', d => d.dialect], ['bucket', d => d.bucket], ['target', d => d.targetUrl], ['attempts', d => d.attempts, 'num'],
    ['last status', d => d.lastStatus ?? '—', 'num'], ['last error', d => d.lastError ?? ''], ['died', d => d.diedAt],
    ['', d => h('button', { type: 'button', class: 'replay', onclick: async () => {
      try { done(await send('POST', `/admin/dead-letters/${encodeURIComponent(d.id)}/replay`)); } catch (e) { fail(e); }
    } }, 'Replay')]], deadLetters.filter(d => matches(d, filter.value)), d => ({ dataset: { id: d.id } })));
  filter.addEventListener('input', list);
  list();
  root.append(h('h2', {}, `Dead letters (${deadLetters.length}${deadLetters.length === 200 ? ', newest 200' : ''})`),
    h('div', { class: 'toolbar' }, filter, h('button', { type: 'button', id: 'replay-all', onclick: async () => {
      try { done(await send('POST', '/admin/dead-letters/replay?since=1970-01-01T00:00:00Z')); } catch (e) { fail(e); }
    } }, 'Replay all')),
    message, shown, slot);
}
