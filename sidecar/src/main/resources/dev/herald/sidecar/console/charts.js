// Small inline SVG line charts of the overview's last hour (one point a minute).
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** A line over `values` (nulls are gaps read as 0), scaled to its own maximum. */
export function sparkline(values, title, width = 220, height = 48) {
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const label = svg('title', {});
  label.textContent = title;
  chart.append(label, svg('line', { class: 'axis', x1: 0, y1: height - 1, x2: width, y2: height - 1 }));
  if (values.length < 2) return chart;
  const ys = values.map(v => (typeof v === 'number' ? v : 0));
  const max = Math.max(1, ...ys);
  const step = width / (ys.length - 1);
  const points = ys.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 6)).toFixed(1)}`);
  chart.append(svg('polygon', { class: 'area', points: `0,${height - 1} ${points.join(' ')} ${width},${height - 1}` }),
    svg('polyline', { class: 'line', points: points.join(' ') }));
  return chart;
}
