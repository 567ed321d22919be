// Meetings: the list (upcoming and held), a new meeting or a 4-weekly series, the annual wheel
// of themes, and one meeting's preparation (cases, participants, planned minutes).
import { dateInput, dateValue, timeInput } from './dates.js';
import { call } from './api.js';
import { h, mount, field, confirmButton } from './dom.js';
import { app } from './state.js';
import { go } from './nav.js';
import { attempt } from './errors.js';
import { announce, focusOn, settleFocus } from './focus.js';
import { groupOf, showFileResult } from './files.js';

const STATUS = { planned: 'Planlagt', running: 'I gang', closed: 'Afholdt', cancelled: 'Aflyst' };
const EXPECTED = [['', 'Ukendt'], ['present', 'Kommer'], ['virtual', 'Virtuelt'], ['absent', 'Kommer ikke']];

export async function meetingsView(content, panel = null) {
  const list = await attempt(() => call('list_meetings')) || [];
  const upcoming = list.filter((m) => !m.past || m.status === 'running');
  const past = list.filter((m) => m.past && m.status !== 'running').reverse();
  const row = (m) => h('li', { testid: 'meeting-row', class: 'row meeting ' + m.status, dataset: { id: m.id, status: m.status, past: String(m.past) } },
    h('button', { class: 'row-button', testid: 'meeting-open', onclick: () => go({ meeting: m.id }) },
      h('span', { class: 'row-main' },
        h('strong', {}, m.date_label), h('span', { class: 'muted' }, ' ' + m.time_label)),
      h('span', { class: 'theme' }, m.theme ? 'Tema: ' + m.theme : 'Intet tema'),
      h('span', { class: 'count' }, `${m.case_count} ${m.case_count === 1 ? 'sag' : 'sager'}`),
      m.handover_left ? h('span', { class: 'badge warn', testid: 'handover-badge', title: 'Efter mødet: noget er ikke lavet eller overdraget endnu' },
        `${m.handover_left} mangler efter mødet`) : null,
      h('span', { class: 'badge status-' + m.status }, STATUS[m.status] || m.status)));
  const panels = {
    new: () => meetingForm(content),
    series: () => seriesForm(content),
    wheel: () => wheelPanel(content),
  };
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Møder'),
      h('div', { class: 'head-buttons' },
        h('button', { testid: 'wheel-open', class: 'btn', onclick: () => meetingsView(content, 'wheel') }, 'Årshjul'),
        h('button', { testid: 'series-new', class: 'btn', onclick: () => meetingsView(content, 'series') }, 'Planlæg række'),
        h('button', { testid: 'meeting-new', class: 'btn primary', onclick: () => meetingsView(content, 'new') }, 'Nyt møde'))),
    panel ? await panels[panel]() : null,
    h('h2', {}, 'Kommende møder'),
    upcoming.length ? h('ul', { class: 'rows' }, upcoming.map(row)) : h('p', { class: 'muted' }, 'Ingen planlagte møder.'),
    h('h2', {}, 'Afholdte møder'),
    past.length ? h('ul', { class: 'rows' }, past.map(row)) : h('p', { class: 'muted' }, 'Ingen afholdte møder endnu.'));
  content.querySelector('.card input')?.focus();
  settleFocus(content);
}

function meetingForm(content, m = null, onDone = () => meetingsView(content)) {
  const date = dateInput({ testid: 'meeting-date', required: true, value: m?.date_iso || '' });
  const start = timeInput({ testid: 'meeting-start', value: m?.time || '13:00', required: true });
  const theme = h('input', { testid: 'meeting-theme', placeholder: 'Tom: temaet fra årshjulet', value: m?.theme_override || '' });
  const place = h('input', { testid: 'meeting-place', value: m?.place || '' });
  const link = h('input', { testid: 'meeting-video-link', type: 'url', placeholder: 'https://…', value: m?.video_link || '' });
  return h('form', { class: 'card form', onsubmit: async (e) => {
    e.preventDefault();
    const input = { id: m?.id || null, date: dateValue(date), start: dateValue(start), theme: theme.value, place: place.value, video_link: link.value };
    const ok = await attempt(() => call('save_meeting', { input }), { at: e.target });
    if (ok) onDone();
  } },
  h('h2', {}, m ? 'Flyt eller ret mødet' : 'Nyt møde'),
  h('p', { class: 'hint' }, m ? '' : 'Et møde, der allerede er holdt, kan registreres bagefter med dets dato.'),
  h('div', { class: 'grid4' }, field('Dato', date), field('Starttid', start), field('Tema (valgfrit)', theme), field('Sted', place)),
  h('div', { class: 'grid2' }, field('Videolink (valgfrit)', link, 'Skal begynde med https://. Står på invitationen og borgerskærmen.')),
  h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'btn', onclick: onDone }, 'Annullér'),
    h('button', { testid: 'meeting-save', type: 'submit', class: 'btn primary' }, 'Gem møde')));
}

function seriesForm(content) {
  const first = dateInput({ testid: 'series-first', required: true });
  const start = timeInput({ testid: 'series-start', value: '13:00' });
  const count = h('input', { testid: 'series-count', type: 'number', min: 1, max: 200, value: 13 });
  return h('form', { class: 'card form', onsubmit: async (e) => {
    e.preventDefault();
    const ok = await attempt(() => call('plan_series', { firstDate: dateValue(first), start: dateValue(start), count: Number(count.value) }), { at: e.target });
    if (ok) meetingsView(content);
  } },
  h('h2', {}, 'Planlæg en række møder'),
  h('p', { class: 'hint' }, `Hver ${app.state.template.cadence_weeks}. uge, ${app.state.template.meeting_minutes} minutter, på samme ugedag og klokkeslæt (teamets skabelon).`),
  h('div', { class: 'grid3' }, field('Første møde', first), field('Starttid', start), field('Antal møder', count)),
  h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'btn', onclick: () => meetingsView(content) }, 'Annullér'),
    h('button', { testid: 'series-save', type: 'submit', class: 'btn primary' }, 'Planlæg møderne')));
}

async function wheelPanel(content, year = new Date().getFullYear()) {
  const rows = await attempt(() => call('theme_wheel', { year })) || [];
  const panel = h('section', { class: 'card' },
    h('div', { class: 'page-head' }, h('h2', {}, `Årshjul ${year}`),
      h('div', { class: 'head-buttons' },
        h('button', { class: 'btn small', onclick: async () => panel.replaceWith(await wheelPanel(content, year - 1)) }, `← ${year - 1}`),
        h('button', { class: 'btn small', onclick: async () => panel.replaceWith(await wheelPanel(content, year + 1)) }, `${year + 1} →`))),
    h('p', { class: 'hint' }, 'Ét tema pr. møde i året. Ændringer gemmes, når du forlader feltet. Et møde kan have sit eget tema.'),
    h('table', { class: 'wheel' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Nr.'), h('th', {}, 'Møde'), h('th', {}, 'Tema'))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('td', {}, String(r.slot)),
        h('td', { class: 'muted' }, r.meeting_label || '–'),
        h('td', {}, h('input', { value: r.title, 'aria-label': `Tema for møde ${r.slot}`, testid: 'wheel-theme',
          onchange: (e) => attempt(() => call('set_theme', { year, slot: r.slot, title: e.target.value })) })))))));
  return panel;
}

// ---------------------------------------------------------------- one meeting

/** One meeting's preparation. `after()` runs once it is drawn (e.g. to put focus back). */
export async function meetingView(content, id, panel = null, after = null) {
  const prep = await attempt(() => call('meeting_prep', { meetingId: id }));
  if (!prep) { go('meetings'); return; }
  const recipients = await attempt(() => call('recipients_list', { meetingId: id })) || [];
  const versions = await attempt(() => call('template_versions')) || [];
  const m = prep.meeting;
  const editable = m.status === 'planned' || m.status === 'running';
  const reload = (then = null) => meetingView(content, id, null, then);
  const citizens = editable ? (await attempt(() => call('list_citizens', {})) || []) : [];
  const select = h('select', { testid: 'case-citizen' },
    h('option', { value: '' }, 'Vælg borger …'),
    citizens.filter((c) => c.active && !prep.cases.some((k) => k.citizen_id === c.id))
      .map((c) => h('option', { value: c.id, dataset: { consent: c.consent } }, c.name + (c.consent === 'gyldigt' ? '' : ` – samtykke ${c.consent}`))));
  const picker = h('div', { class: 'card', hidden: true },
    h('div', { class: 'inline' }, field('Borger', select),
      h('button', { testid: 'case-add-confirm', class: 'btn primary', onclick: async () => {
        if (!select.value) return;
        const ok = await attempt(() => call('add_case', { meetingId: id, citizenId: select.value }), { at: picker });
        if (ok) reload();
      } }, 'Tilføj sag')));
  const reason = h('input', { testid: 'meeting-cancel-reason', placeholder: 'Begrundelse' });
  mount(content,
    h('header', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, STATUS[m.status]), h('h1', {}, m.date_label),
        h('p', { class: 'muted' }, [m.time_label, prep.place || 'Intet sted angivet', m.theme ? 'Tema: ' + m.theme : null].filter(Boolean).join(' · ')),
        prep.video_link ? h('p', { class: 'muted' }, 'Online: ', h('span', { testid: 'meeting-link-shown' }, prep.video_link)) : null,
        m.cancel_reason ? h('p', { class: 'hint warn' }, 'Aflyst: ' + m.cancel_reason) : null,
        prep.reopenings.map((r) => h('p', { class: 'hint' }, r)),
        templateLine(prep, versions, reload)),
      h('div', { class: 'head-buttons' },
        h('button', { class: 'btn', onclick: () => go('meetings') }, 'Alle møder'),
        editable ? h('button', { class: 'btn', testid: 'meeting-edit', onclick: () => meetingView(content, id, 'edit') }, 'Flyt / ret') : null,
        editable ? h('button', { class: 'btn primary', testid: 'meeting-run', onclick: () => go({ run: id }) },
          m.status === 'running' ? 'Fortsæt mødet' : 'Start mødet') : null,
        m.status === 'closed' ? h('button', { class: 'btn primary', testid: 'meeting-run', onclick: () => go({ run: id }) }, 'Se mødet') : null)),
    panel === 'edit' ? meetingForm(content, { ...m, place: prep.place, video_link: prep.video_link, theme_override: m.theme_override }, reload) : null,
    m.status === 'cancelled' ? null : h('div', { class: 'inline doc-buttons' },
      // One button, two hooks: `agenda-pdf` (kept) inside `agenda-fixed-pdf`.
      h('span', { testid: 'agenda-fixed-pdf', dataset: { meetingId: id } },
        fileButton('Dagsorden til det faste team (PDF)', 'agenda-pdf', { meetingId: id }, () => call('export_agenda_pdf', { meetingId: id }))),
      fileButton('Kalenderfil med teamets møder', 'meeting-ics', { meetingId: id }, () => call('export_team_ics'))),
    h('h2', {}, 'Borgersager'),
    h('p', { class: `plan-total ${prep.warning ? 'over' : ''}`, testid: 'plan-total' },
      `Planlagt i alt: ${prep.planned_total} af ${prep.meeting_minutes} minutter (faste punkter ${prep.fixed_minutes} min).`),
    prep.warning ? h('p', { class: 'hint warn', role: 'status' }, prep.warning) : null,
    h('ol', { class: 'rows cases' }, prep.cases.map((c, i) => caseRow(c, i, prep.cases.length, editable, reload))),
    prep.cases.length ? null : h('p', { class: 'muted' }, 'Ingen sager på dagsordenen endnu.'),
    editable ? h('button', { testid: 'case-add', class: 'btn', onclick: () => { picker.hidden = false; select.focus(); } }, 'Tilføj borgersag') : null,
    picker,
    m.status === 'cancelled' ? null : h('section', { class: 'recipients' },
      h('h2', {}, 'Hvem får hvad?'),
      h('ul', { class: 'plain-list', testid: 'recipients-list' }, recipients.map((l) => h('li', {}, l)))),
    m.status === 'planned' ? h('section', { class: 'danger-zone' },
      h('h2', {}, 'Aflys mødet'),
      h('div', { class: 'inline' }, field('Begrundelse', reason),
        confirmButton('Aflys mødet', 'Bekræft aflysning', async () => {
          const ok = await attempt(() => call('cancel_meeting', { meetingId: id, reason: reason.value }));
          if (ok !== undefined) reload();
        }, { testid: 'meeting-cancel' }))) : null);
  if (after) after(); else settleFocus(content);
}

/** The template version the meeting is planned or held with; a planned meeting on an older
 * version than the team's newest can be moved to it (the core refuses when that would hide
 * something typed, and says what). */
function templateLine(prep, versions, reload) {
  const m = prep.meeting;
  const own = versions.find((v) => v.id === prep.template_version);
  const newest = versions.find((v) => v.newest);
  if (!own) return null;
  const move = m.status === 'planned' && newest && newest.id !== own.id ? h('button', {
    type: 'button', class: 'btn small', testid: 'meeting-template-move', dataset: { version: newest.id },
    title: 'Mødet planlægges med den nyeste udgave af teamets skabelon',
    onclick: async (e) => {
      const ok = await attempt(() => call('move_meeting_to_template', { meetingId: m.id, versionId: newest.id }), { at: e.currentTarget.parentElement });
      if (!ok) return;
      announce(`Mødet bruger nu skabelonens udgave ${newest.number}.`);
      reload(() => focusOn(document.querySelector('[data-testid=meeting-template]')));
    },
  }, `Brug nyeste udgave (${newest.number})`) : null;
  return h('p', { class: 'muted template-line', testid: 'meeting-template', dataset: { version: own.id, number: String(own.number) } },
    `Skabelon: udgave ${own.number}${own.newest ? ' (den nyeste)' : ''}`, move ? ' ' : null, move);
}

/** After a reload: the participants of case `caseId` open again, with focus on their list. */
function backToParticipants(caseId) {
  return () => {
    const details = document.querySelector(`[data-testid=case-row][data-id="${CSS.escape(caseId)}"] details.participants`);
    if (!details) return;
    details.open = true;
    details.querySelector('summary').focus();
  };
}

/**
 * A button that writes a file (PDF or calendar) and says where it went right after its row
 * of buttons (`showFileResult`: the path, «Åbn», «Vis i mappe»); a refusal is said there too.
 * `make` returns an Exported or a path.
 */
function fileButton(label, testid, dataset, make, after = null) {
  const b = h('button', { type: 'button', class: 'btn small', testid, dataset, onclick: async () => {
    b.disabled = true;
    try {
      const out = await attempt(make, { at: groupOf(b) });
      if (!out) return;
      const path = typeof out === 'string' ? out : out.path;
      showFileResult(b, testid, path, { lines: [h('p', {}, `${label}: gemt.`)] });
      after?.();
    } finally { b.disabled = false; }
  } }, label);
  return b;
}

function caseRow(c, i, n, editable, reload) {
  const minutes = h('input', { type: 'number', min: 1, max: 120, class: 'minutes', value: c.explicit_minutes ?? '',
    placeholder: String(c.planned_minutes), 'aria-label': `Minutter til ${c.citizen_name}`, disabled: !editable, testid: 'case-minutes' });
  const invited = h('input', { type: 'checkbox', checked: c.citizen_invited, disabled: !editable, testid: 'case-invited' });
  const invitedOn = h('span', { class: 'muted', testid: 'case-invited-on', dataset: { caseId: c.id } }, c.invited_label || '');
  const expected = h('select', { disabled: !editable, 'aria-label': 'Forventet fremmøde', testid: 'case-expected' },
    EXPECTED.map(([v, l]) => h('option', { value: v, selected: (c.citizen_expected || '') === v }, l)));
  const savePrep = () => attempt(() => call('update_case_prep', { caseId: c.id, input: {
    planned_minutes: minutes.value ? Number(minutes.value) : null,
    citizen_invited: invited.checked, citizen_expected: expected.value || null,
  } })).then((ok) => ok !== undefined && reload());
  minutes.addEventListener('change', savePrep);
  invited.addEventListener('change', savePrep);
  expected.addEventListener('change', savePrep);
  return h('li', { testid: 'case-row', class: 'row case-prep', dataset: { id: c.id } },
    h('div', { class: 'case-head' },
      h('span', { class: 'pos' }, String(i + 1)),
      h('strong', { class: 'row-main' }, c.citizen_name,
        c.prepared ? h('span', { class: 'badge', testid: 'case-prepared', dataset: { caseId: c.id } }, 'Forberedt') : null),
      editable && !c.consent_problem ? h('button', { class: 'btn small', testid: 'case-prepare', dataset: { caseId: c.id },
        title: `Skriv noter til sagen før mødet – mødet startes ikke`, onclick: () => go({ prepare: c.id }) }, 'Forbered sagen') : null,
      h('label', { class: 'inline-label' }, 'Min. ', minutes),
      editable ? h('span', { class: 'order' },
        h('button', { class: 'btn small', 'aria-label': 'Flyt op', disabled: i === 0, onclick: () => attempt(() => call('move_case', { caseId: c.id, delta: -1 })).then(reload) }, '↑'),
        h('button', { class: 'btn small', 'aria-label': 'Flyt ned', disabled: i === n - 1, onclick: () => attempt(() => call('move_case', { caseId: c.id, delta: 1 })).then(reload) }, '↓'),
        confirmButton('Fjern', 'Bekræft: fjern', async () => { if (await attempt(() => call('remove_case', { caseId: c.id })) !== undefined) reload(); })) : null),
    h('div', { class: 'case-details' },
      h('span', { class: `case-time ${c.after_meeting_end ? 'warn' : ''}`, testid: 'case-time', dataset: { caseId: c.id } },
        c.slot_label + (c.after_meeting_end ? ' – efter mødets slut' : '')),
      h('label', { class: 'inline-label' }, invited, ' Borgeren er inviteret'),
      invitedOn,
      h('label', { class: 'inline-label' }, 'Fremmøde: ', expected)),
    c.consent_problem ? h('p', { class: 'hint warn', testid: 'case-consent-problem', dataset: { caseId: c.id } }, c.consent_problem) : null,
    c.consent_problem || !editable ? null : h('div', { class: 'inline doc-buttons' },
      fileButton('Lav invitation (PDF)', 'invitation-pdf', { caseId: c.id }, () => call('export_invitation_pdf', { caseId: c.id }),
        () => { invited.checked = true; invitedOn.textContent = 'Inviteret i dag'; }),
      fileButton('Kalenderfil til borgeren', 'case-ics', { caseId: c.id }, () => call('export_case_ics', { caseId: c.id }))),
    c.consent_problem || !editable ? null : c.participants.filter((p) => !p.fixed).map((p) => adhocLetters(c, p)),
    h('details', { class: 'participants' },
      h('summary', {}, `Deltagere (${c.participants.filter((p) => p.included).length})`),
      h('ul', { class: 'checks' }, c.participants.map((p) => {
        const who = [` ${p.name}`, h('span', { class: 'muted' }, ` – ${p.role_title}${p.organisation ? ', ' + p.organisation : ''}${p.fixed ? '' : ' (ad hoc)'}`)];
        // A fixed member is in or out of this case; an ad hoc person is listed only while on
        // it, and is taken off it (the person stays in the team's list).
        if (!p.fixed) {
          return h('li', { testid: 'case-adhoc', dataset: { id: p.id } }, who, editable ? ' ' : null,
            editable ? confirmButton('Fjern', `Bekræft: fjern ${p.name}`, async () => {
              const ok = await attempt(() => call('remove_case_participant', { caseId: c.id, participantId: p.id }));
              if (ok !== undefined) reload(backToParticipants(c.id));
            }, { testid: 'case-adhoc-remove', title: `Fjern ${p.name} fra sagen`, dataset: { participantId: p.id } }) : null);
        }
        return h('li', {},
          h('label', {}, h('input', { type: 'checkbox', checked: p.included, disabled: !editable,
            onchange: (e) => attempt(() => call('set_case_member', { caseId: c.id, participantId: p.id, included: e.target.checked })) }),
          who));
      })),
      editable ? adhocForm(c, () => reload(backToParticipants(c.id))) : null));
}

/** An ad hoc participant's own letters: only their case. Or why the consent does not allow them. */
function adhocLetters(c, p) {
  const ids = { caseId: c.id, participantId: p.id };
  const contact = [p.phone, p.email].filter(Boolean).join(' · ');
  const who = h('span', {}, h('strong', {}, p.name), h('span', { class: 'muted' }, ` – ${p.role_title}${contact ? ' · ' + contact : ''}`));
  if (p.consent_problem) {
    return h('div', { class: 'adhoc-letters' }, who,
      h('p', { class: 'hint warn', testid: 'adhoc-consent-problem', dataset: { participantId: p.id } }, p.consent_problem));
  }
  return h('div', { class: 'inline doc-buttons adhoc-letters' }, who,
    fileButton(`Invitation til ${p.name} (PDF)`, 'adhoc-invitation-pdf', { participantId: p.id }, () => call('export_adhoc_invitation_pdf', ids)),
    fileButton(`Kalenderfil til ${p.name}`, 'adhoc-ics', { participantId: p.id }, () => call('export_adhoc_ics', ids)),
    fileButton(`Dagsorden til ${p.name} (PDF)`, 'adhoc-agenda-pdf', { participantId: p.id }, () => call('export_adhoc_agenda_pdf', ids)));
}

function adhocForm(c, reload) {
  const kinds = app.state.template.adhoc_kinds;
  const kind = h('select', { 'aria-label': 'Type', testid: 'case-adhoc-kind' }, kinds.map((k) => h('option', { value: k.key }, k.title)));
  const name = h('input', { 'aria-label': 'Navn', placeholder: 'Navn', testid: 'case-adhoc-name' });
  const org = h('input', { 'aria-label': 'Organisation', placeholder: 'Organisation' });
  const phone = h('input', { 'aria-label': 'Telefon', placeholder: 'Telefon', inputmode: 'tel', testid: 'case-adhoc-phone' });
  const email = h('input', { 'aria-label': 'E-mail', placeholder: 'E-mail', type: 'email', testid: 'case-adhoc-email' });
  return h('div', { class: 'inline adhoc' }, field('Ad hoc-deltager', kind), field('Navn', name), field('Organisation', org),
    field('Telefon', phone), field('E-mail', email),
    h('button', { class: 'btn small', type: 'button', testid: 'case-adhoc-add', onclick: async (e) => {
      const input = { role: kind.value, name: name.value, organisation: org.value, phone: phone.value, email: email.value, fixed: false };
      // A refusal (the consent does not cover this kind) is said here, under the form.
      const ok = await attempt(() => call('add_adhoc_participant', { caseId: c.id, input }), { at: e.currentTarget.parentElement });
      if (ok) reload();
    } }, 'Tilføj'));
}
