import { get } from './api.js';
import { h, table, failure } from './dom.js';

export async function render(root) {
  const results = h('div', { id: 'delivery-results' });
  const search = h('input', { type: 'search', id: 'delivery-search', placeholder: 'delivery id, bucket or key' });
  const run = async () => {
    try {
      const { deliveries } = await get(`/admin/deliveries?limit=200&q=${encodeURIComponent(search.value)}`);
      results.replaceChildren(deliveries.length ? table([['at', d => d.at], ['delivery id', d => d.deliveryId],
        ['dialect', d => d.dialect], ['bucket', d => d.bucket ?? ''], ['key', d => d.key ?? ''], ['target', d => d.target],
        ['attempt', d => d.attempt, 'num'], ['status', d => d.status ?? '—', 'num'], ['outcome', d => d.outcome],
        ['ms', d => d.durationMs, 'num'], ['error', d => d.error ?? '']], deliveries, d => ({ dataset: { id: d.deliveryId } }))
        : h('p', {}, 'No attempt matches.'));
      results.dataset.query = search.value;
    } catch (e) {
      results.replaceChildren(failure(e));
    }
  };
  search.addEventListener('change', run);
  root.append(h('h2', {}, 'Recent deliveries'),
    h('p', {}, 'The last 2000 attempts since Herald started, newest first.'),
    h('form', { class: 'toolbar', onsubmit: ev => { ev.preventDefault(); run(); } }, search, h('button', { type: 'submit' }, 'Search')),
    results);
  await run();
}
