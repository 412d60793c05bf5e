import { get } from './api.js';
import { h, json } from './dom.js';

export async function render(root) {
  const { buckets } = await get('/admin/rules');
  root.append(h('h2', {}, 'Buckets'));
  if (!buckets.length) {
    root.append(h('p', {}, 'No bucket has rules yet.'));
  }
  for (const b of buckets) {
    const section = h('section', { class: 'bucket', dataset: { bucket: b.bucket } }, h('h3', {}, b.bucket));
    for (const [dialect, rules] of Object.entries(b.rules)) {
      section.append(h('h4', {}, `${dialect} rules`), json(rules));
    }
    root.append(section);
  }
}
