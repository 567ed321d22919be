// Meetings: the list (upcoming and held), a new meeting, and one meeting's agenda of cases.
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { attempt, go } from './app.js';

const STATUS = { planned: 'Planlagt', running: 'I gang', closed: 'Afholdt', cancelled: 'Aflyst' };

export async function meetingsView(content, showForm = false) {
  const list = await attempt(() => call('list_meetings')) || [];
  const upcoming = list.filter((m) => !m.past || m.status === 'running');
  const past = list.filter((m) => m.past && m.status !== 'running').reverse();
  const row = (m) => h('li', { testid: 'meeting-row', class: 'row meeting ' + m.status, dataset: { id: m.id } },
    h('button', { class: 'row-button', testid: 'meeting-open', onclick: () => go({ meeting: m.id }) },
      h('span', { class: 'row-main' },
        h('strong', {}, m.date_label), h('span', { class: 'muted' }, ' ' + m.time_label)),
      h('span', { class: 'theme' }, m.theme ? 'Tema: ' + m.theme : 'Intet tema'),
      h('span', { class: 'count' }, `${m.case_count} ${m.case_count === 1 ? 'sag' : 'sager'}`),
      h('span', { class: 'badge status-' + m.status }, STATUS[m.status] || m.status)));
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Møder'),
      h('button', { testid: 'meeting-new', class: 'btn primary', onclick: () => meetingsView(content, true) }, 'Nyt møde')),
    showForm ? meetingForm(content) : null,
    h('h2', {}, 'Kommende møder'),
    upcoming.length ? h('ul', { class: 'rows' }, upcoming.map(row)) : h('p', { class: 'muted' }, 'Ingen planlagte møder.'),
    h('h2', {}, 'Afholdte møder'),
    past.length ? h('ul', { class: 'rows' }, past.map(row)) : h('p', { class: 'muted' }, 'Ingen afholdte møder endnu.'));
  if (showForm) content.querySelector('[data-testid=meeting-date]')?.focus();
}

function meetingForm(content) {
  const date = h('input', { testid: 'meeting-date', type: 'date', required: true });
  const start = h('input', { testid: 'meeting-start', type: 'time', value: '13:00', required: true });
  const theme = h('input', { testid: 'meeting-theme', placeholder: 'Tom: temaet fra årshjulet' });
  const place = h('input', { testid: 'meeting-place' });
  return h('form', { class: 'card form', onsubmit: async (e) => {
    e.preventDefault();
    const input = { date: date.value, start: start.value, theme: theme.value, place: place.value };
    const ok = await attempt(() => call('save_meeting', { input }));
    if (ok) meetingsView(content);
  } },
  h('h2', {}, 'Nyt møde'),
  h('div', { class: 'grid4' }, field('Dato', date), field('Starttid', start), field('Tema', theme), field('Sted', place)),
  h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'btn', onclick: () => meetingsView(content) }, 'Annullér'),
    h('button', { testid: 'meeting-save', type: 'submit', class: 'btn primary' }, 'Gem møde')));
}

export async function meetingView(content, id) {
  const list = await attempt(() => call('list_meetings')) || [];
  const m = list.find((x) => x.id === id);
  if (!m) { go('meetings'); return; }
  const citizens = await attempt(() => call('list_citizens', {})) || [];
  const cases = await attempt(() => call('list_cases', { meetingId: id })) || [];
  const picker = h('div', { class: 'card', hidden: true });
  const select = h('select', { testid: 'case-citizen' },
    h('option', { value: '' }, 'Vælg borger …'),
    citizens.filter((c) => c.active).map((c) => h('option', { value: c.id }, c.name)));
  mount(picker, h('div', { class: 'inline' }, field('Borger', select),
    h('button', { testid: 'case-add-confirm', class: 'btn primary', onclick: async () => {
      if (!select.value) return;
      const ok = await attempt(() => call('add_case', { meetingId: id, citizenId: select.value }));
      if (ok) meetingView(content, id);
    } }, 'Tilføj sag')));
  mount(content,
    h('header', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, STATUS[m.status]), h('h1', {}, m.date_label),
        h('p', { class: 'muted' }, m.time_label + (m.theme ? ' · Tema: ' + m.theme : ''))),
      h('button', { class: 'btn', onclick: () => go('meetings') }, 'Alle møder')),
    h('h2', {}, 'Borgersager'),
    h('ul', { class: 'rows' }, cases.map((c) => h('li', { testid: 'case-row', class: 'row', dataset: { id: c.id } },
      h('span', { class: 'row-main' }, h('strong', {}, c.citizen_name)),
      h('span', { class: 'muted' }, c.planned_minutes_label)))),
    cases.length ? null : h('p', { class: 'muted' }, 'Ingen sager på dagsordenen endnu.'),
    m.status === 'closed' || m.status === 'cancelled' ? null :
      h('button', { testid: 'case-add', class: 'btn', onclick: () => { picker.hidden = false; select.focus(); } }, 'Tilføj borgersag'),
    picker);
}
