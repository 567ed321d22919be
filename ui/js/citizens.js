// Citizens: searchable list; a citizen's page, a read-only profile (the facts, the consent
// with its own actions, the course) with «Rediger» for the form; a new citizen's form. CPR
// shown masked; the full number only on request in the citizen's own form.
import { dateInput, dateValue } from './dates.js';
import { call } from './api.js';
import { h, mount, field, confirmButton } from './dom.js';
import { app } from './state.js';
import { attempt } from './errors.js';
import { courseSection } from './course.js';
import { focusOn, announce } from './focus.js';
import { accessButton, deleteNowButton, deletionResult } from './privacy.js';

let query = '';

const CONSENT_LABEL = { gyldigt: 'Samtykke gyldigt', mangler: 'Samtykke mangler', 'trukket tilbage': 'Samtykke trukket tilbage' };

/** The list (with the new citizen's form when `editing` is 'new'), or a citizen's page when
 * it is a citizen's id. */
export async function citizensView(content, editing = null) {
  if (editing && editing !== 'new') return citizenPage(content, editing);
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
  const form = editing === 'new' ? citizenForm(content, null) : null;
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Borgere'),
      h('button', { testid: 'citizen-new', class: 'btn primary', onclick: () => citizensView(content, 'new') }, 'Ny borger')),
    form,
    search,
    listEl,
    list.length ? null : h('p', { class: 'muted' }, query ? 'Ingen borgere matcher søgningen.' : 'Ingen borgere endnu.'));
  (form ? content.querySelector('[data-testid=citizen-first-name]') : search)?.focus();
}

/** A citizen's page: the profile (read only; its actions are buttons that say what they do)
 * and the course, or with `edit` the form in the profile's place. Focus goes to the page's
 * heading (or, editing, to the first field); `focus` names another place (after an action). */
export async function citizenPage(content, id, { edit = false, focus = null } = {}) {
  const c = await attempt(() => call('citizen_detail', { citizenId: id }));
  if (!c) return citizensView(content);
  const heading = h('h1', { testid: 'citizen-name' }, `${c.first_name} ${c.last_name}`);
  const course = await courseSection(id);
  mount(content,
    h('header', { class: 'page-head' }, heading,
      h('div', { class: 'head-buttons' },
        h('button', { class: 'btn', testid: 'citizen-back', onclick: () => citizensView(content) }, 'Alle borgere'),
        edit ? null : h('button', { class: 'btn primary', testid: 'citizen-edit', onclick: () => citizenPage(content, id, { edit: true }) }, 'Rediger'),
        edit ? null : accessButton(id),
        h('button', { testid: 'citizen-new', class: 'btn', onclick: () => citizensView(content, 'new') }, 'Ny borger'))),
    edit ? citizenForm(content, c) : profile(content, c),
    course,
    edit ? null : documentsList(c.documents),
    edit ? null : h('section', { class: 'card citizen-delete', 'aria-labelledby': 'delete-heading' },
      h('h2', { id: 'delete-heading' }, 'Sletning'),
      h('p', { class: 'hint' }, 'Har borgeren bedt om at blive slettet (art. 17), slettes data nu efter de samme regler som ved udløbet opbevaringsperiode.'),
      deleteNowButton(id, async (out) => {
        await citizensView(content);
        const box = h('div', { class: 'card deletion-result', role: 'status', testid: 'deletion-result' });
        content.querySelector('.page-head')?.after(box);
        deletionResult(box, out);
        announce('Borgeren er slettet.');
      })));
  if (edit) content.querySelector('[data-testid=citizen-first-name]')?.focus();
  else focusOn((focus && content.querySelector(focus)) || heading);
}

const fact = (term, value, hint) => [h('dt', {}, term), h('dd', {}, value, hint ? h('span', { class: 'hint' }, ' ' + hint) : null)];

/** The profile: who the citizen is to the team, and their consent. Nothing here is a field. */
function profile(content, c) {
  const contact = (app.members || []).find((p) => p.id === c.contact_id);
  return h('section', { class: 'card profile', testid: 'citizen-profile', 'aria-label': 'Borgerens oplysninger' },
    h('dl', { class: 'facts' },
      fact('Kaldenavn', c.screen_name || '–', c.screen_name ? '(vises på borgerskærmen)' : ''),
      fact('Kontaktperson', contact ? contact.name : 'Tovholderen (standard)'),
      fact('CPR-nummer', c.cpr_masked),
      fact('Forløb', c.active ? 'Aktivt' : 'Afsluttet')),
    consents(content, c));
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
    const ok = await attempt(() => call('save_citizen', { input }), { at: e.target });
    if (ok) c ? citizenPage(content, c.id) : citizensView(content);
  };
  return h('form', { class: 'card form', onsubmit: save },
    h('h2', {}, c ? `${c.first_name} ${c.last_name}` : 'Ny borger'),
    h('div', { class: 'grid3' }, field('Fornavn', first), field('Efternavn', last),
      field('Kaldenavn', nick, 'Vises på borgerskærmen i stedet for fornavnet.')),
    h('div', { class: 'grid3' },
      h('div', {}, field('CPR-nummer', cpr, 'Kun til Digital Post. Vises aldrig på skærmen eller i filer.'), reveal),
      field('Kontaktperson', contact), field('Forløb', active)),
    c ? null : h('div', { class: 'grid3' },
      field('Samtykke givet den', consent, 'Uden samtykke kan borgerens sag ikke behandles.'),
      field('Samtykke – hvordan', method)),
    scopeNew?.el,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => c ? citizenPage(content, c.id) : citizensView(content) }, 'Annullér'),
      h('button', { testid: 'citizen-save', type: 'submit', class: 'btn primary' }, 'Gem borger')));
}

/** The consent: its state today, each consent given (who may receive information; the valid
 * one with «Træk samtykke tilbage …», a button that asks once more), and registering a new one
 * with its scope. */
function consents(content, c) {
  const given = dateInput({ testid: 'consent-add-given-on' });
  const method = h('select', {}, h('option', { value: 'skriftligt' }, 'Skriftligt'), h('option', { value: 'mundtligt' }, 'Mundtligt'));
  const scope = h('textarea', { rows: 2, placeholder: app.state.template.consent_scope_default });
  const boxes = scopeBoxes(c.consent_recipients);
  const after = () => citizenPage(content, c.id, { focus: '#consent-heading' });
  return h('section', { class: 'consents', 'aria-labelledby': 'consent-heading' },
    h('h2', { id: 'consent-heading' }, 'Samtykke'),
    h('p', { testid: 'consent-state', dataset: { state: c.consent } },
      h('span', { class: 'consent ' + c.consent.replace(' ', '-') }, CONSENT_LABEL[c.consent] || c.consent)),
    c.consents.length ? h('ul', { class: 'rows' }, c.consents.map((k) => h('li', { class: 'row consent-row', testid: 'consent-row' },
      h('span', { class: 'row-main' },
        h('strong', {}, `Givet ${k.given_on_label} (${k.method})`),
        h('span', { class: 'muted' }, k.recorded_by ? ` · registreret af ${k.recorded_by}` : ''),
        h('br'), h('span', { class: 'hint', testid: 'consent-recipients' }, 'Må få oplysninger: ' + k.recipients_label),
        h('br'), h('span', { class: 'hint' }, k.scope),
        h('br'), h('span', { class: 'muted' }, k.withdrawn_on_label ? `Trukket tilbage ${k.withdrawn_on_label}`
          : k.valid_today ? 'Gælder nu' : `Gælder fra ${k.given_on_label}`)),
      k.withdrawn_on_label ? null : confirmButton('Træk samtykke tilbage …', 'Bekræft: træk samtykket tilbage i dag', async () => {
        const ok = await attempt(() => call('withdraw_consent', { consentId: k.id, on: '' }));
        if (ok !== undefined) after();
      }, { testid: 'consent-withdraw' })))) : h('p', { class: 'consent mangler' }, 'Der er ikke registreret samtykke.'),
    h('details', { class: 'consent-new' }, h('summary', {}, 'Registrér nyt samtykke'),
      h('div', { class: 'inline' }, field('Nyt samtykke givet den', given), field('Hvordan', method), field('Omfang (som på blanketten)', scope)),
      boxes.el,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', testid: 'consent-add', onclick: async (e) => {
          const input = { given_on: dateValue(given), method: method.value, scope: scope.value, recipients: boxes.chosen() };
          const ok = await attempt(() => call('add_consent', { citizenId: c.id, input }), { at: e.currentTarget.parentElement });
          if (ok !== undefined) after();
        } }, 'Registrér samtykke'))));
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
  return h('section', { class: 'card citizen-documents', 'aria-labelledby': 'documents-heading' },
    h('h2', { id: 'documents-heading' }, 'Hvem har fået hvad?'),
    docs.length ? h('table', { testid: 'citizen-documents' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Dokument'), h('th', {}, 'Møde'), h('th', {}, 'Lavet'), h('th', {}, 'Til'))),
      h('tbody', {}, docs.map((d) => h('tr', { testid: 'citizen-document', dataset: { kind: d.kind, recipient: d.recipient, participantId: d.participant_id || '' } },
        h('td', {}, d.document + (d.draft ? ' (udkast)' : '')), h('td', {}, d.meeting), h('td', {}, d.made), h('td', {}, d.for_whom)))))
      : h('p', { class: 'muted', testid: 'citizen-documents' }, 'Der er ikke lavet dokumenter om borgeren endnu.'));
}
