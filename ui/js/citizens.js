// Citizens: searchable list, create and edit with consent. CPR shown masked only.
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { attempt } from './app.js';

let query = '';

export async function citizensView(content, editing = null) {
  const list = await attempt(() => call('list_citizens', { query })) || [];
  const search = h('input', {
    type: 'search', class: 'search', placeholder: 'Søg på navn', 'aria-label': 'Søg på navn', value: query,
    oninput: async (e) => {
      query = e.target.value;
      const rows = await attempt(() => call('list_citizens', { query })) || [];
      mount(document.getElementById('citizen-list'), rows.map(row));
    },
  });
  const row = (c) => h('li', { testid: 'citizen-row', class: 'row', dataset: { id: c.id } },
    h('span', { class: 'row-main' }, h('strong', {}, c.name), c.screen_name ? h('span', { class: 'muted' }, ` (${c.screen_name})`) : null),
    h('span', { class: 'consent ' + c.consent.replace(' ', '-') }, 'Samtykke: ' + c.consent),
    c.active ? null : h('span', { class: 'badge muted' }, 'Afsluttet'));
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Borgere'),
      h('button', { testid: 'citizen-new', class: 'btn primary', onclick: () => citizensView(content, {}) }, 'Ny borger')),
    editing ? citizenForm(content, editing) : null,
    search,
    h('ul', { class: 'rows', id: 'citizen-list' }, list.map(row)),
    list.length ? null : h('p', { class: 'muted' }, query ? 'Ingen borgere matcher søgningen.' : 'Ingen borgere endnu.'));
  (editing ? content.querySelector('[data-testid=citizen-first-name]') : search)?.focus();
}

function citizenForm(content) {
  const first = h('input', { testid: 'citizen-first-name', autocomplete: 'off' });
  const last = h('input', { testid: 'citizen-last-name', autocomplete: 'off' });
  const nick = h('input', { testid: 'citizen-screen-name', autocomplete: 'off' });
  const cpr = h('input', { testid: 'citizen-cpr', autocomplete: 'off', inputmode: 'numeric', placeholder: 'ddmmåå-xxxx' });
  const consent = h('input', { testid: 'consent-given-on', type: 'date' });
  const method = h('select', { testid: 'consent-method' },
    h('option', { value: 'skriftligt' }, 'Skriftligt'), h('option', { value: 'mundtligt' }, 'Mundtligt'));
  return h('form', { class: 'card form', onsubmit: async (e) => {
    e.preventDefault();
    const input = {
      first_name: first.value, last_name: last.value, screen_name: nick.value, cpr: cpr.value,
      consent: consent.value ? { given_on: consent.value, method: method.value } : null,
    };
    const ok = await attempt(() => call('save_citizen', { input }));
    if (ok) citizensView(content);
  } },
  h('h2', {}, 'Ny borger'),
  h('div', { class: 'grid3' }, field('Fornavn', first), field('Efternavn', last), field('Kaldenavn (vises på skærmen)', nick)),
  h('div', { class: 'grid3' }, field('CPR-nummer', cpr, 'Bruges kun til Digital Post. Vises aldrig på skærmen.'),
    field('Samtykke givet', consent), field('Samtykke – hvordan', method)),
  h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'btn', onclick: () => citizensView(content) }, 'Annullér'),
    h('button', { testid: 'citizen-save', type: 'submit', class: 'btn primary' }, 'Gem borger')));
}
