// Citizens: searchable list, create and edit with consent history. CPR shown masked; the full
// number only on request in the citizen's own form.
import { dateInput, dateValue } from './dates.js';
import { call } from './api.js';
import { h, mount, field, confirmButton } from './dom.js';
import { app } from './state.js';
import { attempt } from './errors.js';
import { courseSection } from './course.js';

let query = '';

const CONSENT_LABEL = { gyldigt: 'Samtykke gyldigt', mangler: 'Samtykke mangler', 'trukket tilbage': 'Samtykke trukket tilbage' };

export async function citizensView(content, editing = null) {
  const list = await attempt(() => call('list_citizens', { query })) || [];
  const row = (c) => h('li', { testid: 'citizen-row', class: 'row', dataset: { id: c.id } },
    h('button', { class: 'row-button', onclick: () => citizensView(content, c.id) },
      h('span', { class: 'row-main' }, h('strong', {}, c.name), c.screen_name ? h('span', { class: 'muted' }, ` (${c.screen_name})`) : null),
      c.active ? null : h('span', { class: 'badge status-cancelled' }, 'Afsluttet'),
      h('span', { class: 'consent ' + c.consent.replace(' ', '-') }, CONSENT_LABEL[c.consent] || c.consent)));
  const listEl = h('ul', { class: 'rows', id: 'citizen-list' }, list.map(row));
  const search = h('input', {
    type: 'search', class: 'search', placeholder: 'Søg på navn', 'aria-label': 'Søg på navn', value: query,
    testid: 'citizen-search',
    oninput: async (e) => {
      query = e.target.value;
      const rows = await attempt(() => call('list_citizens', { query })) || [];
      mount(listEl, rows.map(row));
    },
  });
  const form = editing === 'new' ? citizenForm(content, null)
    : editing ? citizenForm(content, await attempt(() => call('citizen_detail', { citizenId: editing })))
    : null;
  const course = editing && editing !== 'new' ? await courseSection(editing) : null;
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Borgere'),
      h('button', { testid: 'citizen-new', class: 'btn primary', onclick: () => citizensView(content, 'new') }, 'Ny borger')),
    form,
    course,
    search,
    listEl,
    list.length ? null : h('p', { class: 'muted' }, query ? 'Ingen borgere matcher søgningen.' : 'Ingen borgere endnu.'));
  (form ? content.querySelector('[data-testid=citizen-first-name]') : search)?.focus();
}

function citizenForm(content, c) {
  const members = app.members || [];
  const first = h('input', { testid: 'citizen-first-name', autocomplete: 'off', value: c?.first_name || '' });
  const last = h('input', { testid: 'citizen-last-name', autocomplete: 'off', value: c?.last_name || '' });
  const nick = h('input', { testid: 'citizen-screen-name', autocomplete: 'off', value: c?.screen_name || '' });
  const cpr = h('input', { testid: 'citizen-cpr', autocomplete: 'off', inputmode: 'numeric',
    placeholder: c ? c.cpr_masked + ' (uændret)' : 'ddmmåå-xxxx' });
  const reveal = c ? h('button', { type: 'button', class: 'btn small', testid: 'citizen-cpr-reveal', onclick: async () => {
    const full = await attempt(() => call('reveal_cpr', { citizenId: c.id }));
    if (full) { cpr.value = full; reveal.hidden = true; }
  } }, 'Vis CPR-nummer') : null;
  const contact = h('select', { testid: 'citizen-contact' },
    h('option', { value: '' }, 'Tovholderen (standard)'),
    members.filter((p) => p.fixed).map((p) => h('option', { value: p.id, selected: c?.contact_id === p.id }, p.name)));
  const active = h('select', { testid: 'citizen-active' },
    h('option', { value: 'true', selected: c ? c.active : true }, 'Aktiv'),
    h('option', { value: 'false', selected: c ? !c.active : false }, 'Afsluttet'));
  const consent = dateInput({ testid: 'consent-given-on' });
  const scopeNew = c ? null : scopeBoxes(app.state.consent_recipients);
  const method = h('select', { testid: 'consent-method' },
    h('option', { value: 'skriftligt' }, 'Skriftligt'), h('option', { value: 'mundtligt' }, 'Mundtligt'));
  const save = async (e) => {
    e.preventDefault();
    const input = {
      id: c?.id || null, first_name: first.value, last_name: last.value, screen_name: nick.value,
      cpr: cpr.value.includes('*') ? '' : cpr.value, contact_id: contact.value || null,
      active: active.value === 'true',
      consent: !c && consent.value.trim() ? { given_on: dateValue(consent), method: method.value, recipients: scopeNew.chosen() } : null,
    };
    const ok = await attempt(() => call('save_citizen', { input }));
    if (ok) citizensView(content);
  };
  return h('form', { class: 'card form', onsubmit: save },
    h('h2', {}, c ? `${c.first_name} ${c.last_name}` : 'Ny borger'),
    h('div', { class: 'grid3' }, field('Fornavn', first), field('Efternavn', last),
      field('Kaldenavn', nick, 'Vises på borgerskærmen i stedet for fornavnet.')),
    h('div', { class: 'grid3' },
      h('div', {}, field('CPR-nummer', cpr, 'Kun til Digital Post. Vises aldrig på skærmen eller i filer.'), reveal),
      field('Kontaktperson', contact), field('Forløb', active)),
    c ? consentHistory(content, c) : h('div', { class: 'grid3' },
      field('Samtykke givet den', consent, 'Uden samtykke kan borgerens sag ikke behandles.'),
      field('Samtykke – hvordan', method)),
    scopeNew?.el,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => citizensView(content) }, 'Annullér'),
      h('button', { testid: 'citizen-save', type: 'submit', class: 'btn primary' }, 'Gem borger')));
}

function consentHistory(content, c) {
  const given = dateInput({ testid: 'consent-add-given-on' });
  const method = h('select', {}, h('option', { value: 'skriftligt' }, 'Skriftligt'), h('option', { value: 'mundtligt' }, 'Mundtligt'));
  const scope = h('textarea', { rows: 2, placeholder: app.state.template.consent_scope_default });
  const boxes = scopeBoxes(c.consent_recipients);
  return h('section', { class: 'consents' },
    h('h3', {}, 'Samtykke'),
    c.consents.length ? h('ul', { class: 'rows' }, c.consents.map((k) => h('li', { class: 'row consent-row', testid: 'consent-row' },
      h('span', { class: 'row-main' },
        h('strong', {}, `Givet ${k.given_on_label} (${k.method})`),
        h('span', { class: 'muted' }, k.recorded_by ? ` · registreret af ${k.recorded_by}` : ''),
        h('br'), h('span', { class: 'hint', testid: 'consent-recipients' }, 'Må få oplysninger: ' + k.recipients_label),
        h('br'), h('span', { class: 'hint' }, k.scope)),
      k.withdrawn_on_label ? h('span', { class: 'consent trukket-tilbage' }, 'Trukket tilbage ' + k.withdrawn_on_label)
        : h('span', {}, h('span', { class: 'consent gyldigt' }, k.valid_today ? 'Gyldigt' : 'Gælder fra ' + k.given_on_label), ' ',
          confirmButton('Trukket tilbage', 'Bekræft: trukket tilbage i dag', async () => {
            const ok = await attempt(() => call('withdraw_consent', { consentId: k.id, on: '' }));
            if (ok !== undefined) citizensView(content, c.id);
          }, { testid: 'consent-withdraw' }))))) : h('p', { class: 'consent mangler' }, 'Der er ikke registreret samtykke.'),
    h('div', { class: 'inline' }, field('Nyt samtykke givet den', given), field('Hvordan', method), field('Omfang (som på blanketten)', scope)),
    boxes.el,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', testid: 'consent-add', onclick: async () => {
        const input = { given_on: dateValue(given), method: method.value, scope: scope.value, recipients: boxes.chosen() };
        const ok = await attempt(() => call('add_consent', { citizenId: c.id, input }));
        if (ok !== undefined) citizensView(content, c.id);
      } }, 'Registrér samtykke')),
    documentsList(c.documents));
}

/**
 * The consent's scope as boxes: who may receive information. The fixed team's organisations
 * are ticked from the start (the form's usual text says so).
 */
function scopeBoxes(kinds) {
  const inputs = kinds.map((k) => h('input', { type: 'checkbox', value: k.key, checked: k.fixed, testid: `consent-scope-${k.key}` }));
  const el = h('fieldset', { class: 'consent-scope' },
    h('legend', {}, 'Borgeren siger ja til, at disse må få oplysninger'),
    h('ul', { class: 'checks' }, kinds.map((k, i) => h('li', {}, h('label', {}, inputs[i], ' ', k.label)))));
  return { el, chosen: () => inputs.filter((i) => i.checked).map((i) => i.value) };
}

/** Every file made about the citizen and for whom: the answer to an access request. */
function documentsList(docs) {
  return h('section', { class: 'citizen-documents' },
    h('h3', {}, 'Hvem har fået hvad?'),
    docs.length ? h('table', { testid: 'citizen-documents' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Dokument'), h('th', {}, 'Møde'), h('th', {}, 'Lavet'), h('th', {}, 'Til'))),
      h('tbody', {}, docs.map((d) => h('tr', { testid: 'citizen-document', dataset: { kind: d.kind, recipient: d.recipient, participantId: d.participant_id || '' } },
        h('td', {}, d.document + (d.draft ? ' (udkast)' : '')), h('td', {}, d.meeting), h('td', {}, d.made), h('td', {}, d.for_whom)))))
      : h('p', { class: 'muted', testid: 'citizen-documents' }, 'Der er ikke lavet dokumenter om borgeren endnu.'));
}
