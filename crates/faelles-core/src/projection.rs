//! What the citizen screen may see: the privacy boundary of the app.
//!
//! `ScreenView` is computed here from one case and sent, alone, to the screen window. Its
//! types have no field that can hold a CPR number, another citizen or the citizen list: only
//! the team, a date, a theme, and for the case on screen the citizen's first name (or
//! kaldenavn), the people present, the sections under their plain-language questions, and the
//! agreements.
//!
//! A section is on screen only when it has text (blank ones are left out, so the screen is
//! as long as what was said); the agreements' section also when the case has agreements, as
//! their table stands in it (the agreements are shown once).
//!
//! It also says how the screen gets from one view to the next (`update`: nothing, one
//! section's text edit, or the whole view) and applies a keystroke to the view the screen
//! shows (`splice`), so the shell only forwards what it is given.
//!
//! Output layer: reads the areas through `Core`; nothing below imports it.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::drafts::NoteEdit;
use crate::error::Result;
use crate::store::{self, Reader};
use crate::templates;
use crate::utf16;
use crate::words::{date_label, date_time_label, due_label, place_and_link, who_label};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ScreenView {
    Neutral(NeutralSlide),
    Case(CaseScreen),
    /// Blank: no text at all.
    Curtain,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeutralSlide {
    pub team_name: String,
    pub date_label: String,
    pub theme: Option<String>,
    /// Where the meeting is: the room and/or the video link ("" when none is set).
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseScreen {
    pub first_name: String,
    pub date_label: String,
    pub present: Vec<ScreenPerson>,
    pub sections: Vec<ScreenSection>,
    pub agreements: Vec<ScreenAgreement>,
    /// "Siden sidst": last time's "Næste skridt" and how the agreements carried over from
    /// earlier meetings went, as the chair marks them in this case.
    pub review: ScreenReview,
    /// "Dit næste møde: tirsdag den …" — the next meeting where this citizen has a case —
    /// or "Vi aftaler et nyt møde med dig."
    pub next_meeting: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenPerson {
    pub name: String,
    pub role: String,
    pub is_virtual: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenSection {
    pub key: String,
    pub question: String,
    pub text: String,
    /// The agreements' table stands in this section, under its text.
    pub agreements: bool,
}

/// Whether a section's text says anything (a blank one is not on screen).
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenAgreement {
    pub what: String,
    pub who: String,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenReview {
    /// "Næste skridt fra tirsdag den 3. marts 2026" (None when there is no earlier text).
    pub next_steps_label: Option<String>,
    pub next_steps: Option<String>,
    pub items: Vec<ScreenReviewItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenReviewItem {
    pub what: String,
    pub who: String,
    /// `done`, `continues`, `dropped`, or `open` when not talked about yet.
    pub state: AgreementStatus,
    /// In plain words: "Klaret", "Vi arbejder videre", "Droppet", "Vi taler om den i dag".
    pub state_label: String,
}

/// How a carried-over agreement went, in the citizen's words.
fn plain_outcome(s: AgreementStatus) -> &'static str {
    match s {
        AgreementStatus::Done => "Klaret",
        AgreementStatus::Continues => "Vi arbejder videre",
        AgreementStatus::Dropped => "Droppet",
        AgreementStatus::Open => "Vi taler om den i dag",
    }
}

/// The review block of a case: the agreements carried over into it (with this case's review,
/// no comments: they are the professionals' words) and the last earlier case's "Næste skridt".
fn screen_review(
    c: &Reader,
    case: &Case,
    meeting: &Meeting,
    participants: &[Participant],
    name: &str,
) -> Result<ScreenReview> {
    let here = store::list_reviews(c, case.id)?;
    let items = store::carried_over_agreements(c, case.citizen_id, meeting.starts_at)?
        .into_iter()
        .map(|x| {
            let state = here
                .iter()
                .find(|r| r.agreement_id == x.agreement.id)
                .map_or(AgreementStatus::Open, |r| r.outcome);
            ScreenReviewItem {
                who: who_label(&x.agreement.who, participants, name),
                what: x.agreement.what,
                state,
                state_label: plain_outcome(state).into(),
            }
        })
        .collect();
    let (next_steps, date) = previous_next_steps(c, case.citizen_id, meeting.starts_at)?.unzip();
    Ok(ScreenReview {
        next_steps_label: date.map(|d| format!("Næste skridt fra {d}")),
        next_steps,
        items,
    })
}

/// The "Næste skridt" of the citizen's last case before `before` (not cancelled), when it has
/// text, with the date of its meeting ("tirsdag den 3. marts 2026").
pub(crate) fn previous_next_steps(
    c: &Reader,
    citizen_id: Id,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<Option<(String, String)>> {
    let Some(p) = store::earlier_cases(c, citizen_id, before)?.pop() else {
        return Ok(None);
    };
    let Some(text) = store::get_note(c, p.id, "naeste_skridt")?
        .map(|n| n.text)
        .filter(|s| !s.trim().is_empty())
    else {
        return Ok(None);
    };
    let m = store::get_meeting(c, p.meeting_id)?;
    Ok(Some((text, date_label(m.starts_at))))
}

/// The neutral slide for a meeting (or for today when no meeting is open).
pub fn neutral(core: &Core, meeting: Option<&Meeting>) -> Result<ScreenView> {
    let team = core.team()?;
    let place = meeting
        .filter(|m| !(m.place.trim().is_empty() && m.video_link.trim().is_empty()))
        .map(place_and_link)
        .unwrap_or_default();
    let (date, theme) = match meeting {
        Some(m) => (
            calendar::local(m.starts_at).date_naive(),
            core.meeting_theme(m)?,
        ),
        // No meeting open: today, with the theme of today's or the next meeting.
        None => {
            let today = core.today();
            let next = match &team {
                Some(_) => core.meetings()?.into_iter().find(|m| {
                    m.status != MeetingStatus::Cancelled
                        && calendar::local(m.starts_at).date_naive() >= today
                }),
                None => None,
            };
            let theme = match &next {
                Some(m) => core.meeting_theme(m)?,
                None => None,
            };
            (today, theme)
        }
    };
    Ok(ScreenView::Neutral(NeutralSlide {
        team_name: team.map(|t| t.name).unwrap_or_else(|| "Fælles Team".into()),
        date_label: calendar::date_long(date),
        theme,
        place,
    }))
}

/// The screen view of one case.
pub fn for_case(core: &Core, case_id: Id) -> Result<ScreenView> {
    // Nothing of a case without a consent valid on the meeting's date.
    core.case_consent(case_id)?;
    let c = core.store().read();
    let case = store::get_case(c, case_id)?;
    let meeting = store::get_meeting(c, case.meeting_id)?;
    let citizen = store::get_citizen(c, case.citizen_id)?;
    let template = templates::by_version(&meeting.template_version)?;
    let notes = store::list_notes(c, case.id)?;
    let mut present = Vec::new();
    if matches!(
        case.citizen_attendance,
        Some(Attendance::Present) | Some(Attendance::Virtual)
    ) {
        present.push(ScreenPerson {
            name: citizen.display_first_name().to_string(),
            role: "dig".into(),
            is_virtual: case.citizen_attendance == Some(Attendance::Virtual),
        });
    }
    let participants = store::list_participants(c, meeting.team_id)?;
    for cp in store::list_case_participants(c, case.id)? {
        // "Med i dag": only those registered present or virtual (not registered is not
        // present).
        if !matches!(
            cp.attendance,
            Some(Attendance::Present | Attendance::Virtual)
        ) {
            continue;
        }
        if let Some(p) = participants.iter().find(|p| p.id == cp.participant_id) {
            present.push(ScreenPerson {
                name: p.name.clone(),
                // The role in plain words for the citizen (the template's `plain`); the
                // organisation and the official title are detail for the minutes.
                role: template.plain_role(&p.role).unwrap_or(&p.role).to_string(),
                is_virtual: cp.attendance == Some(Attendance::Virtual),
            });
        }
    }
    let next = next_meeting_date(core, &meeting)?;
    let agreements = store::list_agreements(c, case.id)?
        .into_iter()
        .map(|a| ScreenAgreement {
            what: a.what,
            who: who_label(&a.who, &participants, citizen.display_first_name()),
            due: due_label(&a.due, next),
        })
        .collect::<Vec<_>>();
    let sections = template
        .sections
        .iter()
        .filter_map(|s| {
            let text = core
                .draft(case.id, &s.key)
                .map(str::to_string)
                .or_else(|| {
                    notes
                        .iter()
                        .find(|n| n.key == s.key)
                        .map(|n| n.text.clone())
                })
                .unwrap_or_default();
            let holds = s.key == templates::AGREEMENTS_SECTION;
            (!is_blank(&text) || (holds && !agreements.is_empty())).then(|| ScreenSection {
                key: s.key.clone(),
                question: s.question.clone(),
                text,
                agreements: holds,
            })
        })
        .collect();
    let next_meeting = match core.citizen_next_meeting(citizen.id, &meeting)? {
        Some(n) => format!("Dit næste møde: {}", date_time_label(n.starts_at)),
        None => "Vi aftaler et nyt møde med dig.".into(),
    };
    let review = screen_review(
        c,
        &case,
        &meeting,
        &participants,
        citizen.display_first_name(),
    )?;
    Ok(ScreenView::Case(CaseScreen {
        review,
        next_meeting,
        first_name: citizen.display_first_name().to_string(),
        date_label: date_label(meeting.starts_at),
        present,
        sections,
        agreements,
    }))
}

/// The date of the team's next non-cancelled meeting after `m`.
pub fn next_meeting_date(core: &Core, m: &Meeting) -> Result<Option<chrono::NaiveDate>> {
    Ok(store::list_meetings(core.store().read(), m.team_id)?
        .into_iter()
        .filter(|o| o.starts_at > m.starts_at && o.status != MeetingStatus::Cancelled)
        .map(|o| calendar::local(o.starts_at).date_naive())
        .next())
}

// ------------------------------------------------------------------ updates to the screen

/// One change to the text of a section on screen: replace `del` UTF-16 code units at `at`
/// (the screen's JavaScript strings count in those) with `ins`; `len` is the new length. A
/// keystroke becomes a few bytes instead of the whole view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextEdit {
    pub key: String,
    pub at: usize,
    pub del: usize,
    pub ins: String,
    pub len: usize,
}

/// What the screen window needs to get from the view it shows to the next one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenUpdate {
    /// The whole view (anything but one section's text changed, or nothing is shown yet).
    View(ScreenView),
    /// Only one section's text changed.
    Edit(TextEdit),
}

/// The update that turns `shown` into `next`; `None` when they are the same.
pub fn update(shown: Option<&ScreenView>, next: &ScreenView) -> Option<ScreenUpdate> {
    match shown {
        Some(s) if s == next => None,
        Some(s) => Some(
            section_edit(s, next)
                .map(ScreenUpdate::Edit)
                .unwrap_or_else(|| ScreenUpdate::View(next.clone())),
        ),
        None => Some(ScreenUpdate::View(next.clone())),
    }
}

/// The edit when `a` and `b` are the same case view except for one section's text.
fn section_edit(a: &ScreenView, b: &ScreenView) -> Option<TextEdit> {
    let (ScreenView::Case(a), ScreenView::Case(b)) = (a, b) else {
        return None;
    };
    if a.first_name != b.first_name
        || a.date_label != b.date_label
        || a.present != b.present
        || a.agreements != b.agreements
        || a.review != b.review
        || a.next_meeting != b.next_meeting
        || a.sections.len() != b.sections.len()
    {
        return None;
    }
    let mut edit = None;
    for (x, y) in a.sections.iter().zip(&b.sections) {
        if x.key != y.key || x.question != y.question || x.agreements != y.agreements {
            return None;
        }
        if x.text != y.text {
            if edit.is_some() {
                return None;
            }
            edit = Some(text_edit(&x.key, &x.text, &y.text));
        }
    }
    edit
}

/// The smallest single replacement (whole characters, counted in UTF-16) from `old` to `new`.
pub fn text_edit(key: &str, old: &str, new: &str) -> TextEdit {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf8())
        .sum();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf8())
        .sum();
    let removed = &old_rest[..old_rest.len() - suffix];
    let inserted = &new_rest[..new_rest.len() - suffix];
    TextEdit {
        key: key.to_string(),
        at: utf16::len(&old[..prefix]),
        del: utf16::len(removed),
        ins: inserted.to_string(),
        len: utf16::len(new),
    }
}

/// A keystroke in the section `key` of the case the screen shows, applied to `shown` (the
/// view the screen window has) as the screen will apply it: the edit to send, or `None` (and
/// `shown` unchanged) when it does not fit or the section comes or goes — a section not on
/// screen gets its first text, or one is left blank: then the whole view is computed again
/// and `update` sends it. The shell only forwards it.
pub fn splice(shown: &mut ScreenView, key: &str, e: &NoteEdit) -> Option<TextEdit> {
    let ScreenView::Case(case) = shown else {
        return None;
    };
    let section = case.sections.iter_mut().find(|s| s.key == key)?;
    let len16 = e.base_len()?;
    if is_blank(&e.ins) {
        // A deletion or white space may leave the section blank: tried on a copy, so that
        // `shown` stays what the screen has when the whole view is sent instead.
        let mut text = section.text.clone();
        e.apply(&mut text, len16)?;
        if is_blank(&text) && !section.agreements {
            return None;
        }
        section.text = text;
    } else {
        e.apply(&mut section.text, len16)?;
    }
    Some(TextEdit {
        key: key.to_string(),
        at: e.at,
        del: e.del,
        ins: e.ins.clone(),
        len: e.len,
    })
}

/// Applies an edit to a text the way the screen does (on UTF-16 code units).
pub fn apply_edit(old: &str, e: &TextEdit) -> Option<String> {
    let mut units: Vec<u16> = old.encode_utf16().collect();
    if e.at + e.del > units.len() {
        return None;
    }
    units.splice(e.at..e.at + e.del, e.ins.encode_utf16());
    (units.len() == e.len)
        .then(|| String::from_utf16(&units).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(texts: &[&str]) -> ScreenView {
        ScreenView::Case(CaseScreen {
            first_name: "Mikkel".into(),
            date_label: "tirsdag den 24. november 2026".into(),
            present: vec![],
            sections: texts
                .iter()
                .enumerate()
                .map(|(i, t)| ScreenSection {
                    key: format!("s{i}"),
                    question: format!("Spørgsmål {i}?"),
                    text: t.to_string(),
                    agreements: false,
                })
                .collect(),
            agreements: vec![],
            review: ScreenReview {
                next_steps_label: None,
                next_steps: None,
                items: vec![],
            },
            next_meeting: "Vi aftaler et nyt møde med dig.".into(),
        })
    }

    #[test]
    fn one_section_typed_is_an_edit_with_only_the_new_text() {
        let a = case(&["Hej", "x"]);
        let b = case(&["Hej med dig", "x"]);
        let Some(ScreenUpdate::Edit(e)) = update(Some(&a), &b) else {
            panic!("expected an edit");
        };
        assert_eq!(
            (e.key.as_str(), e.at, e.del, e.ins.as_str(), e.len),
            ("s0", 3, 0, " med dig", 11)
        );
        assert_eq!(apply_edit("Hej", &e).as_deref(), Some("Hej med dig"));
    }

    #[test]
    fn anything_else_sends_the_whole_view_and_nothing_when_equal() {
        let a = case(&["Hej", "x"]);
        assert_eq!(update(Some(&a), &a), None);
        assert!(matches!(update(None, &a), Some(ScreenUpdate::View(_))));
        // Two sections changed, a curtain, a different case: whole views.
        assert!(matches!(
            update(Some(&a), &case(&["Hej!", "y"])),
            Some(ScreenUpdate::View(_))
        ));
        assert!(matches!(
            update(Some(&a), &ScreenView::Curtain),
            Some(ScreenUpdate::View(ScreenView::Curtain))
        ));
        let ScreenView::Case(mut other) = case(&["Hej", "x"]) else {
            unreachable!()
        };
        other.first_name = "Sara".into();
        assert!(matches!(
            update(Some(&a), &ScreenView::Case(other)),
            Some(ScreenUpdate::View(_))
        ));
    }

    #[test]
    fn edits_count_utf16_and_never_split_a_character() {
        for (old, new) in [
            ("😀", "😁"),
            ("a😀b", "ab"),
            ("æøå", "æå"),
            ("e\u{301}", "e\u{300}"),
            ("", "Første linje\nAnden"),
            ("slet alt", ""),
            ("aaaa", "aaaaa"),
            ("abcabc", "abc"),
        ] {
            let e = text_edit("k", old, new);
            assert_eq!(
                apply_edit(old, &e).as_deref(),
                Some(new),
                "{old:?} -> {new:?}: {e:?}"
            );
            assert_eq!(e.len, new.encode_utf16().count());
        }
    }

    /// The shell forwards a keystroke to the screen as `splice` makes it: applied to the
    /// view the screen shows exactly as the screen applies it.
    #[test]
    fn a_keystroke_is_spliced_into_the_shown_view_as_the_screen_applies_it() {
        let mut shown = case(&["Hej", "x"]);
        let e = NoteEdit {
            at: 3,
            del: 0,
            ins: " med dig".into(),
            len: 11,
        };
        let edit = splice(&mut shown, "s0", &e).expect("it fits");
        assert_eq!(apply_edit("Hej", &edit).as_deref(), Some("Hej med dig"));
        assert_eq!(shown, case(&["Hej med dig", "x"]));
        // What does not fit, an unknown section, a view without a case: nothing changes.
        let too_long = NoteEdit {
            at: 0,
            del: 50,
            ins: String::new(),
            len: 0,
        };
        assert_eq!(splice(&mut shown, "s0", &too_long), None);
        assert_eq!(splice(&mut shown, "nope", &e), None);
        assert_eq!(shown, case(&["Hej med dig", "x"]));
        assert_eq!(splice(&mut ScreenView::Curtain, "s0", &e), None);
    }

    /// The view the screen should show for these section texts: blank sections left out
    /// (the rule of `for_case`, on the test's sections `s0`, `s1`, ...).
    fn shown_for(texts: &[String]) -> ScreenView {
        let ScreenView::Case(mut c) = case(&[]) else {
            unreachable!()
        };
        c.sections = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !is_blank(t))
            .map(|(i, t)| ScreenSection {
                key: format!("s{i}"),
                question: format!("Spørgsmål {i}?"),
                text: t.clone(),
                agreements: false,
            })
            .collect();
        ScreenView::Case(c)
    }

    /// The screen window as screen.js applies what the shell sends it.
    fn screen_applies(screen: &mut ScreenView, u: ScreenUpdate) {
        match u {
            ScreenUpdate::View(v) => *screen = v,
            ScreenUpdate::Edit(e) => {
                let ScreenView::Case(c) = screen else {
                    panic!("an edit to a view without a case")
                };
                let s = c
                    .sections
                    .iter_mut()
                    .find(|s| s.key == e.key)
                    .expect("an edit to a section on screen");
                s.text = apply_edit(&s.text, &e).expect("the edit fits");
            }
        }
    }

    /// One keystroke as the shell forwards it (`events::forward_edit`, else `refresh`):
    /// `splice` on the view the screen has, or, when it gives nothing, `update` to the view
    /// computed again.
    fn keystroke(
        feed: &mut ScreenView,
        screen: &mut ScreenView,
        key: &str,
        e: &NoteEdit,
        next: &ScreenView,
    ) {
        match splice(feed, key, e) {
            Some(edit) => screen_applies(screen, ScreenUpdate::Edit(edit)),
            None => {
                if let Some(u) = update(Some(feed), next) {
                    screen_applies(screen, u);
                }
                *feed = next.clone();
            }
        }
    }

    /// The edit that replaces `del` characters at character `at` of `old` with `ins`.
    fn note_edit(old: &str, at: usize, del: usize, ins: &str) -> (NoteEdit, String) {
        let chars: Vec<char> = old.chars().collect();
        let at = at.min(chars.len());
        let del = del.min(chars.len() - at);
        let before: String = chars[..at].iter().collect();
        let gone: String = chars[at..at + del].iter().collect();
        let after: String = chars[at + del..].iter().collect();
        let new = format!("{before}{ins}{after}");
        let e = NoteEdit {
            at: utf16::len(&before),
            del: utf16::len(&gone),
            ins: ins.to_string(),
            len: utf16::len(&new),
        };
        (e, new)
    }

    /// A blank section is not on screen; its first character brings it (the whole view), a
    /// keystroke in a shown section stays an edit, and emptying a section takes it away.
    #[test]
    fn an_empty_section_comes_with_its_first_character_and_goes_when_emptied() {
        let mut texts = vec![String::new(), "Hej".to_string()];
        let mut feed = shown_for(&texts);
        let mut screen = feed.clone();
        let ScreenView::Case(c) = &screen else {
            unreachable!()
        };
        assert_eq!(c.sections.len(), 1, "the blank section is left out");
        let steps: [(usize, usize, usize, &str, bool); 5] = [
            // (section, at, del, ins, sent as one section's edit)
            (0, 0, 0, " ", false), // white space only: still left out, nothing to send
            (0, 1, 0, "J", false), // the first character: the section comes (whole view)
            (0, 2, 0, "a", true),  // then keystrokes are edits
            (1, 0, 3, "", false),  // emptied: it goes (whole view)
            (0, 0, 3, "", false),  // the last one too
        ];
        for (i, at, del, ins, as_edit) in steps {
            let (e, new) = note_edit(&texts[i], at, del, ins);
            texts[i] = new;
            let next = shown_for(&texts);
            let mut probe = feed.clone();
            assert_eq!(
                splice(&mut probe, &format!("s{i}"), &e).is_some(),
                as_edit,
                "{texts:?}"
            );
            keystroke(&mut feed, &mut screen, &format!("s{i}"), &e, &next);
            assert_eq!(screen, next, "{texts:?}");
            assert_eq!(feed, next);
        }
        let ScreenView::Case(c) = &screen else {
            unreachable!()
        };
        assert!(c.sections.is_empty());
    }

    proptest::proptest! {
        /// Whatever is typed or deleted in whichever section, the screen ends up showing
        /// exactly the view the projection computes (blank sections left out), and the shell's
        /// copy of it stays what the screen has.
        #[test]
        fn the_screen_follows_keystrokes_as_sections_come_and_go(
            steps in proptest::collection::vec(
                (0usize..3, 0usize..12, 0usize..4, proptest::sample::select(
                    vec!["", " ", "\n", "a", "æ", "😀", "ok ", " \n "])),
                1..60,
            )
        ) {
            let mut texts = vec![String::new(), "Hej".to_string(), " ".to_string()];
            let mut feed = shown_for(&texts);
            let mut screen = feed.clone();
            for (i, at, del, ins) in steps {
                let (e, new) = note_edit(&texts[i], at, del, ins);
                texts[i] = new;
                let next = shown_for(&texts);
                keystroke(&mut feed, &mut screen, &format!("s{i}"), &e, &next);
                proptest::prop_assert_eq!(&screen, &next);
                proptest::prop_assert_eq!(&feed, &next);
            }
        }
    }

    /// On the real projection: a case with notes in two sections shows those two (and
    /// Aftaler once its agreement exists, with the table), not the blank ones.
    #[test]
    fn the_case_on_screen_leaves_out_blank_sections_and_shows_the_agreements_once() {
        let mut fx = crate::testing::fixture();
        let m = fx.meeting("2026-03-03");
        let case = fx.case(&m, 0);
        fx.core
            .save_section(case, "vigtigste", "Min egen lejlighed", 0)
            .unwrap();
        fx.core.save_section(case, "netvaerk", "  \n ", 0).unwrap();
        let keys = |fx: &crate::testing::Fx| match for_case(&fx.core, case).unwrap() {
            ScreenView::Case(c) => c
                .sections
                .iter()
                .map(|s| (s.key.clone(), s.agreements))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(keys(&fx), [("vigtigste".to_string(), false)]);
        fx.agreement(case, "Ringe til jobcentret", None, None);
        assert_eq!(
            keys(&fx),
            [
                ("vigtigste".to_string(), false),
                ("aftaler".to_string(), true)
            ]
        );
    }

    /// "Med i dag" holds only those registered present or virtual: not registered is not
    /// present.
    #[test]
    fn med_i_dag_lists_only_registered_attendance() {
        let mut fx = crate::testing::fixture();
        let m = fx.meeting("2026-03-03");
        let case = fx.case(&m, 0);
        let names = |fx: &crate::testing::Fx| match for_case(&fx.core, case).unwrap() {
            ScreenView::Case(c) => c.present.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert!(names(&fx).is_empty(), "nobody registered yet");
        let members = fx.core.case_detail(case).unwrap().participants;
        fx.core
            .set_case_participant_attendance(
                case,
                members[0].participant_id,
                Some(Attendance::Present),
            )
            .unwrap();
        fx.core
            .set_case_participant_attendance(
                case,
                members[1].participant_id,
                Some(Attendance::Absent),
            )
            .unwrap();
        fx.core
            .set_citizen_attendance(case, Some(Attendance::Virtual))
            .unwrap();
        let shown = names(&fx);
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown.contains(&members[0].name));
        assert!(!shown.contains(&members[1].name));
    }
}
