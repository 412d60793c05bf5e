import { get } from './api.js';
import { h, table, seconds } from './dom.js';
import { sparkline } from './charts.js';

function card(label, value, values, id) {
  return h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value),
    sparkline(values, `${label}, last hour`));
}

function byKey(...maps) {
  const keys = [...new Set(maps.flatMap(m => Object.keys(m || {})))].sort();
  return keys.map(k => ({ key: k, values: maps.map(m => (m && m[k]) || 0) }));
}

export async function render(root) {
  const o = await get('/admin/overview');
  const hour = o.lastHour;
  const last = hour.length ? hour[hour.length - 1] : {};
  const ingest = o.ingest;
  root.append(
    h('h2', {}, 'Overview'),
    h('div', { class: 'cards' },
      card('Events stored / min', last.storedPerMinute ?? 0, hour.map(p => p.storedPerMinute), 'ingest-rate'),
      card('Queue depth', o.queue.pending ?? '—', hour.map(p => p.pending), 'queue-depth'),
      card('Oldest pending', seconds(o.queue.oldestPendingSeconds), hour.map(p => p.oldestPendingSeconds), 'oldest-pending'),
      card('Dead letters', o.deadLetters ?? '—', hour.map(p => p.deadLetters), 'dead-letters')),
    h('h2', {}, 'By producer (since start)'),
    table([['producer', r => r.key], ['received', r => r.values[0], 'num'], ['stored', r => r.values[1], 'num'],
      ['duplicates', r => r.values[2], 'num'], ['refused', r => r.values[3], 'num']],
    byKey(ingest.received, ingest.stored, ingest.duplicates, ingest.rejected)),
    h('h2', {}, 'Delivery attempts by dialect (since start)'),
    table([['dialect', r => r[0]], ['succeeded', r => r[1].succeeded || 0, 'num'], ['retried', r => r[1].retried || 0, 'num'],
      ['dead', r => r[1].dead || 0, 'num']], Object.entries(o.deliveries)),
    h('p', { class: 'label' }, `As of ${o.at}; charts show one point a minute since start, up to an hour.`));
}
