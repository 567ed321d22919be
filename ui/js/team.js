// The team: name, municipality, fixed members with their roles.
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { app } from './state.js';
import { go, refresh } from './nav.js';
import { attempt } from './errors.js';
import { backupsSection } from './backups.js';
import { dateInput, dateValue, isoOf } from './dates.js';
import { privacySection } from './privacy.js';

/** The team form; `team` is null on first set-up. Calls `onSave(input)`. */
export function teamForm(team, onSave, onCancel, members = []) {
  const t = app.state.template;
  const name = h('input', { testid: 'team-name', value: team?.name || '', autocomplete: 'off', required: true });
  const muni = h('input', { testid: 'team-municipality', value: team?.municipality || '', required: true });
  const region = h('input', { testid: 'team-region', value: team?.region_partner || '' });
  const rows = t.fixed_roles.map((role) => {
    const m = members.find((p) => p.fixed && p.role === role.key);
    const inputs = {
      name: h('input', { 'aria-label': `${role.title}: navn`, value: m?.name || '', dataset: { testid: `member-name-${role.key}` } }),
      organisation: h('input', { 'aria-label': `${role.title}: organisation`, value: m?.organisation || role.organisation }),
      title: h('input', { 'aria-label': `${role.title}: titel`, value: m?.title || '' }),
      phone: h('input', { 'aria-label': `${role.title}: telefon`, value: m?.phone || '', inputmode: 'tel' }),
      email: h('input', { 'aria-label': `${role.title}: e-mail`, value: m?.email || '', type: 'email' }),
    };
    return { role, m, inputs };
  });
  const currentCoord = members.find((p) => p.id === team?.coordinator_id);
  const coordinator = h('select', { testid: 'team-coordinator' },
    t.fixed_roles.map((r) => h('option', { value: r.key,
      selected: currentCoord ? currentCoord.role === r.key : !!r.coordinator }, r.title)));
  const coordWarn = h('p', { class: 'hint warn', role: 'status' },
    'Efter modellen er Rusmiddelbehandlingens repræsentant tovholder og sammensætter teamet til hver sag.');
  const checkCoord = () => { coordWarn.hidden = coordinator.value === 'rusmiddelbehandlingen'; };
  coordinator.addEventListener('change', checkCoord);
  checkCoord();

  const form = h('form', { class: 'form', onsubmit: (e) => {
    e.preventDefault();
    onSave({
      name: name.value, municipality: muni.value, region_partner: region.value,
      members: rows.map(({ role, m, inputs }) => ({
        id: m?.id || null, role: role.key, fixed: true,
        name: inputs.name.value, organisation: inputs.organisation.value, title: inputs.title.value,
        phone: inputs.phone.value, email: inputs.email.value,
        chair: role.key === 'moedeleder', coordinator: role.key === coordinator.value,
      })),
    });
  } },
  h('div', { class: 'grid3' },
    field('Teamets navn', name), field('Kommune', muni), field('Regional samarbejdspartner', region)),
  h('h2', {}, 'Faste deltagere'),
  h('p', { class: 'hint' }, 'Mødelederen leder møderne. Rusmiddelbehandlingens repræsentant er tovholder. Tomme rækker springes over.'),
  h('table', { class: 'members' },
    h('thead', {}, h('tr', {}, ['Rolle', 'Navn', 'Organisation', 'Titel', 'Telefon', 'E-mail'].map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map(({ role, inputs }) => h('tr', {},
      h('th', { scope: 'row' }, role.title, role.coordinator ? h('span', { class: 'badge' }, 'Tovholder') : null,
        role.key === 'moedeleder' ? h('span', { class: 'badge' }, 'Mødeleder') : null),
      Object.values(inputs).map((i) => h('td', {}, i)))))),
  h('div', { class: 'grid3' }, field('Tovholder', coordinator)),
  coordWarn,
  h('div', { class: 'actions' },
    onCancel && team ? h('button', { type: 'button', class: 'btn', onclick: onCancel }, 'Annullér') : null,
    h('button', { testid: 'team-save', type: 'submit', class: 'btn primary' }, team ? 'Gem team' : 'Opret team')));
  return form;
}

export async function teamView(content) {
  const members = await attempt(() => call('list_participants')) || [];
  const warnings = await attempt(() => call('team_warnings')) || [];
  const team = app.state.team;
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Team')),
    warnings.map((w) => h('p', { class: 'notice warn', role: 'status', testid: 'team-warning' }, w)),
    teamForm(team, async (input) => {
      const ok = await attempt(() => call('update_team', { input }));
      if (ok) await refresh();
    }, null, members),
    await trialSection(),
    templateSection(),
    h('h2', {}, 'Ad hoc-deltagere'),
    adhocList(members.filter((p) => !p.fixed)),
    privacySection(),
    backupsSection(() => refresh()));
}

/** Team → Skabelon: the way to the template editor (templates.js). */
function templateSection() {
  return h('section', { class: 'card', 'aria-labelledby': 'template-head' },
    h('h2', { id: 'template-head' }, 'Skabelon'),
    h('p', { class: 'hint' }, 'Teamets egen skabelon: dagsordenen, sagens afsnit, borgerens spørgsmål, aktørernes evaluering og rollerne. Hver ændring gemmes som en ny udgave; nye møder får den nyeste, og et møde beholder sin.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', testid: 'template-open', onclick: () => go('template') }, 'Åbn skabelonen')));
}

/** The team's ad hoc people (added on a case), each to correct here: "Ret" opens the row as
 * a form (Esc or "Annullér" closes it); focus returns to the row's "Ret". */
function adhocList(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'Ingen ad hoc-deltagere endnu. De tilføjes på den enkelte borgersag.');
  return h('ul', { class: 'rows adhoc-list' }, list.map(adhocRow));
}

function adhocRow(person) {
  const kinds = app.state.template.adhoc_kinds;
  const kind = (k) => kinds.find((a) => a.key === k)?.title || k;
  const li = h('li', { class: 'row', testid: 'adhoc-row', dataset: { id: person.id } });
  const show = (p) => {
    const edit = h('button', { type: 'button', class: 'btn small', testid: 'adhoc-edit', title: `Ret ${p.name}`, onclick: () => open(p) }, 'Ret');
    mount(li,
      h('span', { class: 'row-main' }, h('strong', {}, p.name), ` – ${kind(p.role)}`,
        h('span', { class: 'muted' }, [p.organisation, p.title, p.phone, p.email].filter(Boolean).map((x) => `, ${x}`).join(''))),
      edit);
    return edit;
  };
  const open = (p) => {
    const role = h('select', { testid: 'adhoc-role' }, kinds.map((k) => h('option', { value: k.key, selected: k.key === p.role }, k.title)));
    const name = h('input', { testid: 'adhoc-name', value: p.name, autocomplete: 'off', required: true });
    const org = h('input', { testid: 'adhoc-organisation', value: p.organisation });
    const title = h('input', { testid: 'adhoc-title', value: p.title });
    const phone = h('input', { testid: 'adhoc-phone', value: p.phone || '', inputmode: 'tel' });
    const email = h('input', { testid: 'adhoc-email', value: p.email || '', type: 'email' });
    const close = (q) => show(q).focus();
    const form = h('form', { class: 'form adhoc-edit', testid: 'adhoc-form', 'aria-label': `Ret ${p.name}`,
      onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(p); } },
      onsubmit: async (e) => {
        e.preventDefault();
        const input = { id: p.id, role: role.value, fixed: false, name: name.value, organisation: org.value,
          title: title.value, phone: phone.value, email: email.value };
        const saved = await attempt(() => call('save_participant', { input }));
        if (!saved) return;
        app.members = app.members.map((m) => (m.id === saved.id ? saved : m));
        close(saved);
      } },
    h('div', { class: 'grid3' }, field('Navn', name), field('Type', role), field('Organisation', org)),
    h('div', { class: 'grid3' }, field('Titel', title), field('Telefon', phone), field('E-mail', email)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', testid: 'adhoc-cancel', onclick: () => close(p) }, 'Annullér'),
      h('button', { type: 'submit', class: 'btn primary', testid: 'adhoc-save' }, 'Gem')));
    mount(li, form);
    name.focus();
  };
  show(person);
  return li;
}

/** The trial's start and evaluation date (Rapporter's «Forsøgsperioden»), each saved as it is
 * set: a whole date or an emptied field saves; a half-typed one waits. */
async function trialSection() {
  const p = await attempt(() => call('trial_period')) || { start: '', end: '' };
  const start = dateInput({ testid: 'trial-start', value: p.start });
  const end = dateInput({ testid: 'trial-evaluation-date', value: p.end });
  const said = h('p', { class: 'hint', role: 'status' });
  const save = (el) => async () => {
    if (el.value.trim() && !isoOf(el.value)) return;
    const saved = await attempt(() => call('set_trial_period', { start: dateValue(start), end: dateValue(end) }), { at: said });
    if (saved) said.textContent = saved.start ? 'Forsøgsperioden er gemt. Rapporter har den som periode.' : 'Forsøgets start er ikke sat.';
  };
  start.addEventListener('change', save(start));
  end.addEventListener('change', save(end));
  return h('section', { class: 'card', 'aria-labelledby': 'trial-head' },
    h('h2', { id: 'trial-head' }, 'Forsøget'),
    h('p', { class: 'hint' }, 'Forsøgets start og evalueringsdato. Rapporter har perioden som »Forsøgsperioden«. Datoerne gemmes, når de er skrevet.'),
    h('div', { class: 'grid3' }, field('Forsøget starter', start), field('Evalueringsdato', end)),
    said);
}
