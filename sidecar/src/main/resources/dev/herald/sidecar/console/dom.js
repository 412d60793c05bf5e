// Elements built with textContent only: whatever the API returns is shown as text, never parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A table: columns as [heading, row => cell content, optional class]. */
export function table(columns, rows, rowAttrs = () => ({})) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h('tbody', {}, rows.map(r => h('tr', rowAttrs(r), columns.map(([, cell, cls]) => h('td', { class: cls }, cell(r)))))));
}

export function json(value) {
  return h('pre', {}, JSON.stringify(value, null, 2));
}

export function seconds(s) {
  if (s === null || s === undefined) return '—';
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function failure(e) {
  return h('p', { class: 'error' }, String(e.message || e));
}
