import { get, send } from './api.js';
import { h, table, failure } from './dom.js';

export async function render(root, reload) {
  const [{ destinations }, { disabled }] = await Promise.all([get('/admin/destinations'), get('/admin/destinations/disabled')]);
  const message = h('p', { id: 'destinations-message' });
  root.append(h('h2', {}, 'Destinations'),
    table([['destination', d => d.destination], ['circuit', d => d.circuit], ['times opened', d => d.timesOpened, 'num'],
      ['rate limit / s', d => d.rateLimit ?? 'none', 'num'], ['held', d => d.held, 'num'], ['ready', d => d.ready, 'num'],
      ['sending', d => d.sending, 'num'], ['more in store', d => (d.backlogInStore ? 'yes' : 'no')]], destinations),
    h('h2', {}, 'Disabled after 410 Gone'),
    disabled.length ? table([['URL', d => d.url], ['disabled at', d => d.disabledAt], ['reason', d => d.reason],
      ['', d => h('button', { type: 'button', class: 'enable', onclick: async () => {
        try {
          await send('DELETE', `/admin/destinations/disabled?url=${encodeURIComponent(d.url)}`);
          reload();
        } catch (e) {
          message.replaceWith(failure(e));
        }
      } }, 'Re-enable')]], disabled) : h('p', {}, 'None.'),
    message);
}
