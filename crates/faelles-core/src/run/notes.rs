//! Notes as they are typed: a case's sections and a meeting's own notes (Månedens tema).
//!
//! One rule reconciles the chair's editor, the core's draft and the stored revision, so that
//! nothing typed is ever discarded:
//! - Every preview and save names the revision its text was typed on (`base`). A save first
//!   makes its text the note's draft, then writes it: a write that fails (disk full, read-only
//!   folder) leaves the text in the core as well as in the editor, which tries again.
//! - A save on top of the stored revision is written. The draft is forgotten once the stored
//!   text is the typed text; text typed meanwhile stays the draft, now on the new revision.
//!   (The editor sends one request at a time, so a preview never carries a revision older
//!   than the save before it; if one did, its text would be kept, not lost.)
//! - Text equal to the stored text is never a conflict.
//! - Text that cannot be saved where it was typed (the stored text is newer, or the meeting
//!   was closed or cancelled meanwhile) is not written over anything and not dropped: it is
//!   kept beside its note (`kept_text`), where the chair sees it to merge
//!   ([`Core::merge_kept_text`]) or remove ([`Core::discard_kept_text`]).
//! - [`Core::save_drafts`] applies the same rule to every draft the core still holds: at exit,
//!   before a meeting is closed and before a backup is restored.
//! - The editor shows the draft, never older stored text, when it opens a note again
//!   ([`NoteState::unsaved`]).

use super::check_note;
use crate::backup;
use crate::core::{limits, Core};
use crate::domain::*;
use crate::drafts::{Draft, NoteEdit};
use crate::error::{CoreError, Result};
use crate::store;
use crate::templates;
use crate::utf16;
use crate::words::date_time_label;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;

/// The meeting's own notes that can be written (see [`NoteRef::Meeting`]).
pub const MEETING_NOTES: &[&str] = &[THEME_NOTE, EVENTUELT_NOTE];

/// Text typed on a note that is not saved yet (held by the core since its save failed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsaved {
    pub text: String,
    /// The revision it was typed on (the base of its next save).
    pub base: i64,
}

/// What an editor needs to open a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteState {
    /// The stored text (empty if never written).
    pub text: String,
    /// Its revision (0 if never written).
    pub revision: i64,
    /// Text typed on top of it that is not saved yet (held by the core since a save failed):
    /// the editor shows and saves this instead of `text`.
    pub unsaved: Option<Unsaved>,
    /// Text that could not be saved into this note, kept for the chair to merge.
    pub kept: Vec<KeptTextView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeptTextView {
    pub id: Id,
    pub text: String,
    pub reason: KeptReason,
    /// Why and when, in Danish: "Ikke gemt, fordi teksten var ændret et andet sted
    /// (mandag den 30. november 2026 kl. 14.32)".
    pub label: String,
}

/// The notes of Månedens tema in the run view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeNotesView {
    pub theme: Option<String>,
    pub note: NoteState,
    pub locked: bool,
}

/// What [`Core::save_drafts`] did.
#[derive(Debug, Default)]
pub struct DraftsSaved {
    /// Written into their notes.
    pub saved: usize,
    /// Kept beside their notes (newer stored text, or the meeting closed).
    pub kept: usize,
    /// Could not be written at all (they stay drafts); the first reason.
    pub failed: usize,
    pub error: Option<CoreError>,
}

impl DraftsSaved {
    /// `Err` with the first failure if any draft could not be written or kept.
    pub fn into_result(self) -> Result<Self> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }
}

fn kept_view(k: KeptText) -> KeptTextView {
    let when = date_time_label(k.created_at);
    let label = match k.reason {
        KeptReason::Newer => {
            format!("Ikke gemt, fordi teksten var ændret et andet sted ({when})")
        }
        KeptReason::Closed => format!("Skrevet, efter mødet var afsluttet ({when})"),
    };
    KeptTextView {
        id: k.id,
        text: k.text,
        reason: k.reason,
        label,
    }
}

/// The meeting a note belongs to.
fn meeting_of(c: &store::Reader, note: &NoteRef) -> Result<Id> {
    match note {
        NoteRef::Case { case_id, .. } => Ok(store::case_context(c, *case_id)?.meeting_id),
        NoteRef::Meeting { meeting_id, .. } => Ok(store::get_meeting(c, *meeting_id)?.id),
    }
}

/// Whether `key` is an actors' evaluation text the meeting's template asks: one of its
/// fields, for one of its organisations (or the joint record of a template without them).
fn is_eval_note(c: &store::Reader, meeting_id: Id, key: &str) -> Result<bool> {
    let Some((org, field)) = Org::of_note_key(key) else {
        return Ok(false);
    };
    let t = templates::by_version(&store::get_meeting(c, meeting_id)?.template_version)?;
    Ok(t.meeting_evaluation.orgs().contains(&org)
        && t.meeting_evaluation.fields.iter().any(|f| f.key == field))
}

/// The note exists in its meeting's template and its meeting is open (not closed or
/// cancelled); returns the meeting.
pub(super) fn check_editable(c: &store::Reader, note: &NoteRef) -> Result<Id> {
    let (meeting_id, status, known) = match note {
        NoteRef::Case { case_id, key } => {
            let ctx = store::case_context(c, *case_id)?;
            let t = templates::by_version(&ctx.template_version)?;
            let known = t.section(key).is_some() || key == EVAL_COMMENT_NOTE;
            (ctx.meeting_id, ctx.status, known)
        }
        NoteRef::Meeting { meeting_id, key } => (
            *meeting_id,
            store::get_meeting(c, *meeting_id)?.status,
            MEETING_NOTES.contains(&key.as_str()) || is_eval_note(c, *meeting_id, key)?,
        ),
    };
    status.ensure_open()?;
    if !known {
        return Err(CoreError::InvalidValue {
            field: "Afsnit",
            reason: "afsnittet findes ikke i skabelonen".into(),
        });
    }
    Ok(meeting_id)
}

fn kept_reason(e: &CoreError) -> Option<KeptReason> {
    match e {
        CoreError::StaleRevision { .. } => Some(KeptReason::Newer),
        CoreError::MeetingLocked | CoreError::MeetingCancelled => Some(KeptReason::Closed),
        _ => None,
    }
}

impl Core {
    /// After `text` typed on `base` was stored as `rev`.
    fn settled(&mut self, note: &NoteRef, text: &str, base: i64, rev: i64) {
        if let Some(d) = self.drafts.get_mut(note) {
            if d.text == text {
                d.base = rev;
                d.clean = true;
            } else if d.base == base {
                d.base = rev;
            }
        }
    }

    /// The note as an editor opens it: stored text, unsaved draft, kept texts.
    pub fn note_state(&self, note: &NoteRef) -> Result<NoteState> {
        let c = self.store().read();
        meeting_of(c, note)?;
        let (text, revision) = store::stored_note(c, note)?;
        let unsaved = self
            .drafts
            .get(note)
            .filter(|d| !d.clean && (d.text != text || d.base != revision))
            .map(|d| Unsaved {
                text: d.text.clone(),
                base: d.base,
            });
        let kept = store::kept_texts(c, note)?
            .into_iter()
            .map(kept_view)
            .collect();
        Ok(NoteState {
            text,
            revision,
            unsaved,
            kept,
        })
    }

    /// The text as typed, before it is saved: kept in memory so the citizen screen follows
    /// every keystroke without waiting for the disk. Checked like a save; not persisted.
    pub fn preview_note(&mut self, note: &NoteRef, text: &str, base: i64) -> Result<()> {
        check_note("Notat", text)?;
        let meeting_id = check_editable(self.store().read(), note)?;
        self.drafts
            .insert(note.clone(), Draft::new(text, base, meeting_id));
        Ok(())
    }

    /// One keystroke: applied to the note's draft (memory only, like a preview), in time
    /// proportional to the distance from the nearer end of the text, not to its length.
    /// Refused with `EditOutOfStep` when there is no draft to apply it to or it does not fit
    /// (the editor then sends the whole text once with `preview_note`).
    pub fn edit_note(&mut self, note: &NoteRef, e: &NoteEdit) -> Result<()> {
        if e.ins.contains('\0') {
            return Err(CoreError::InvalidValue {
                field: "Notat",
                reason: "teksten indeholder et ugyldigt tegn (NUL)".into(),
            });
        }
        let d = self.drafts.get_mut(note).ok_or(CoreError::EditOutOfStep)?;
        let fits = d.len16 >= e.del && d.len16 - e.del + utf16::len(&e.ins) == e.len;
        if !fits {
            return Err(CoreError::EditOutOfStep);
        }
        // UTF-16 units are at least as many as characters: count only near the limit.
        if e.len > limits::NOTE {
            let range =
                utf16::byte_range(&d.text, d.len16, e.at, e.del).ok_or(CoreError::EditOutOfStep)?;
            let len =
                d.text.chars().count() - d.text[range].chars().count() + e.ins.chars().count();
            if len > limits::NOTE {
                return Err(CoreError::TooLong {
                    field: "Notat",
                    len,
                    max: limits::NOTE,
                });
            }
        }
        d.len16 = e
            .apply(&mut d.text, d.len16)
            .ok_or(CoreError::EditOutOfStep)?;
        d.clean = false;
        Ok(())
    }

    /// Forgets the drafts of a meeting that has been closed or cancelled (after they were
    /// saved): its notes take no more keystrokes.
    pub(crate) fn drop_drafts_of_meeting(&mut self, meeting_id: Id) {
        self.drafts.retain(|_, d| d.meeting_id != meeting_id);
    }

    /// Saves `text`, typed on revision `base`, and returns the new revision (see the module
    /// docs). Refused on top of newer text (`StaleRevision`) or in a closed meeting
    /// (`MeetingLocked`): then the text is kept beside the note, never dropped.
    pub fn save_note(&mut self, note: &NoteRef, text: &str, base: i64) -> Result<i64> {
        check_note("Notat", text)?;
        // The text is the note's draft until it is stored (unless the draft held is typed on
        // another revision: then this save comes from elsewhere, and that draft stays).
        if self.drafts.get(note).is_none_or(|d| d.base == base) {
            let meeting_id = meeting_of(self.store().read(), note)?;
            self.drafts
                .insert(note.clone(), Draft::new(text, base, meeting_id));
        }
        let now = self.now();
        let written = self.store_mut().write(|tx| {
            check_editable(tx, note)?;
            store::write_note(tx, note, text, base, now)
        });
        match written {
            Ok(rev) => {
                self.settled(note, text, base, rev);
                Ok(rev)
            }
            Err(e) => {
                let Some(reason) = kept_reason(&e) else {
                    return Err(e);
                };
                let (stored, current) = store::stored_note(self.store().read(), note)?;
                if text == stored {
                    // What is stored already: nothing to keep, and no conflict.
                    if reason == KeptReason::Newer {
                        self.settled(note, text, base, current);
                        return Ok(current);
                    }
                    self.forget_draft(note, text);
                    return Err(e);
                }
                self.keep(note, text, base, reason, now)?;
                Err(e)
            }
        }
    }

    fn forget_draft(&mut self, note: &NoteRef, text: &str) {
        if self.drafts.get(note).is_some_and(|d| d.text == text) {
            self.drafts.remove(note);
        }
    }

    /// Keeps text that could not be saved into its note beside it, and forgets it as a
    /// draft (empty text needs no keeping).
    fn keep(
        &mut self,
        note: &NoteRef,
        text: &str,
        base: i64,
        reason: KeptReason,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !text.trim().is_empty() {
            let kept = KeptText {
                id: new_id(),
                meeting_id: meeting_of(self.store().read(), note)?,
                note: note.clone(),
                text: text.to_string(),
                reason,
                base_revision: base,
                created_at: now,
            };
            self.store_mut().write(|tx| store::keep_text(tx, &kept))?;
        }
        self.forget_draft(note, text);
        Ok(())
    }

    /// Saves every text typed but not yet saved by the editor (the app is ending, a meeting
    /// is being closed, a backup restored), each on top of the revision it was typed on;
    /// text that cannot go there is kept beside its note. A draft that cannot be written at
    /// all (disk full) stays a draft and is counted in `failed`.
    pub fn save_drafts(&mut self) -> Result<DraftsSaved> {
        let mut out = DraftsSaved::default();
        let mut notes: Vec<NoteRef> = self.drafts.keys().cloned().collect();
        notes.sort_by_key(|n| format!("{n:?}"));
        for note in notes {
            let Some(d) = self.drafts.get(&note).filter(|d| !d.clean).cloned() else {
                continue;
            };
            match self.save_note(&note, &d.text, d.base) {
                Ok(_) => out.saved += 1,
                Err(e) if kept_reason(&e).is_some() => out.kept += 1,
                Err(e) => {
                    out.failed += 1;
                    out.error.get_or_insert(e);
                }
            }
        }
        Ok(out)
    }

    /// Replaces the live data with a backup (a safety copy of the current data is taken
    /// first). Text typed but not yet saved is saved first (so the safety copy holds it); if
    /// it cannot be, nothing is restored.
    pub fn restore_backup(&mut self, chosen: &Path) -> Result<backup::Restored> {
        self.save_drafts()?.into_result()?;
        let now = self.now();
        let before = self.erased_citizens_with_reason()?;
        let restored = backup::restore_backup(self.store_mut(), chosen, now)?;
        self.drafts.clear();
        // Citizens erased since the backup was made are back: say so, never silently.
        self.note_revived(before)?;
        Ok(restored)
    }

    /// Appends a kept text to its note (after a blank line) as a new revision on top of
    /// `base` (the editor's revision, so that nothing typed there is overwritten) and removes
    /// it from the kept texts, in one transaction. Returns the note as the editor reopens it.
    pub fn merge_kept_text(&mut self, id: Id, base: i64) -> Result<NoteState> {
        let kept = store::get_kept_text(self.store().read(), id)?;
        let note = kept.note.clone();
        let now = self.now();
        let rev = self.store_mut().write(|tx| {
            check_editable(tx, &note)?;
            let (stored, _) = store::stored_note(tx, &note)?;
            let text = if stored.trim().is_empty() {
                kept.text.clone()
            } else {
                format!("{}\n\n{}", stored.trim_end(), kept.text)
            };
            let rev = store::write_note(tx, &note, &text, base, now)?;
            store::delete_kept_text(tx, id)?;
            Ok(rev)
        })?;
        self.settled(&note, "", base, rev);
        self.note_state(&note)
    }

    /// Removes a kept text (the chair has merged it by hand, or does not want it). Not in a
    /// closed meeting.
    pub fn discard_kept_text(&mut self, id: Id) -> Result<()> {
        let kept = store::get_kept_text(self.store().read(), id)?;
        self.store_mut().write(|tx| {
            check_editable(tx, &kept.note)?;
            store::delete_kept_text(tx, id)
        })
    }

    /// Every kept text of a meeting, for the closing check: "where: why".
    pub(super) fn unmerged_texts(&self, meeting_id: Id) -> Result<Vec<String>> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        let t = templates::by_version(&meeting.template_version)?;
        let mut out = Vec::new();
        for k in store::kept_texts_of_meeting(c, meeting_id)? {
            let place = match &k.note {
                NoteRef::Case { case_id, key } => {
                    let case = store::get_case(c, *case_id)?;
                    let name = store::get_citizen(c, case.citizen_id)?.full_name();
                    let title = if key == EVAL_COMMENT_NOTE {
                        "Borgerens evaluering"
                    } else {
                        t.section(key).map_or(key.as_str(), |s| s.title.as_str())
                    };
                    format!("{name}, {title}")
                }
                NoteRef::Meeting { key, .. } if key == EVENTUELT_NOTE => "Eventuelt".to_string(),
                NoteRef::Meeting { key, .. } if key == THEME_NOTE => "Månedens tema".to_string(),
                NoteRef::Meeting { key, .. } => {
                    let (org, field) = Org::of_note_key(key).unwrap_or((Org::Joint, key));
                    let title = t
                        .meeting_evaluation
                        .fields
                        .iter()
                        .find(|f| f.key == field)
                        .map_or(field, |f| f.title.as_str());
                    match org {
                        Org::Joint => format!("Aktørernes evaluering, {title}"),
                        org => format!(
                            "Aktørernes evaluering, {}, {title}",
                            crate::words::org_title(t, org)
                        ),
                    }
                }
            };
            out.push(format!("{place}: tekst der ikke er flettet ind"));
        }
        Ok(out)
    }

    // ------------------------------------------------------------ by name

    /// Saves one section of a case (see [`Core::save_note`]).
    pub fn save_section(&mut self, case_id: Id, key: &str, text: &str, base: i64) -> Result<i64> {
        self.save_note(&NoteRef::section(case_id, key), text, base)
    }

    /// Previews one section of a case (see [`Core::preview_note`]).
    pub fn preview_section(&mut self, case_id: Id, key: &str, text: &str, base: i64) -> Result<()> {
        self.preview_note(&NoteRef::section(case_id, key), text, base)
    }

    /// Saves the notes of Månedens tema (see [`Core::save_note`]).
    pub fn save_theme_notes(&mut self, meeting_id: Id, text: &str, base: i64) -> Result<i64> {
        self.save_note(&NoteRef::theme(meeting_id), text, base)
    }

    /// The stored notes of Månedens tema (empty if none).
    pub fn theme_notes_text(&self, meeting_id: Id) -> Result<String> {
        Ok(store::stored_note(self.store().read(), &NoteRef::theme(meeting_id))?.0)
    }

    /// Eventuelt in the run view: its notes (carried into the minutes).
    pub fn eventuelt_notes(&self, meeting_id: Id) -> Result<ThemeNotesView> {
        let m = self.meeting(meeting_id)?;
        let note = NoteRef::Meeting {
            meeting_id,
            key: EVENTUELT_NOTE.into(),
        };
        Ok(ThemeNotesView {
            theme: None,
            note: self.note_state(&note)?,
            locked: m.status == MeetingStatus::Closed,
        })
    }

    /// Månedens tema in the run view: the theme and its notes.
    pub fn theme_notes(&self, meeting_id: Id) -> Result<ThemeNotesView> {
        let m = self.meeting(meeting_id)?;
        Ok(ThemeNotesView {
            theme: self.meeting_theme(&m)?,
            note: self.note_state(&NoteRef::theme(meeting_id))?,
            locked: m.status == MeetingStatus::Closed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::testing::*;

    fn section(core: &Core, case_id: Id, key: &str) -> NoteState {
        core.note_state(&NoteRef::section(case_id, key)).unwrap()
    }

    /// A fixture with one meeting and one case, on a store in `dir` (for restarts).
    fn on_disk(dir: &std::path::Path) -> (Fx, Meeting, Id) {
        let mut fx = fixture_on(Store::open_in_dir(dir).unwrap());
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        (fx, m, c)
    }

    #[test]
    fn typed_but_unsaved_text_is_saved_when_the_app_closes() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        assert_eq!(core.save_section(c, "vigtigste", "Første", 0).unwrap(), 1);
        // Typed after the last save (the screen saw it), then the window closed.
        core.preview_section(c, "vigtigste", "Første og mere", 1)
            .unwrap();
        core.preview_section(c, "netvaerk", "Ny tekst", 0).unwrap();
        let done = core.save_drafts().unwrap();
        assert_eq!((done.saved, done.kept, done.failed), (2, 0, 0));
        assert_eq!(core.save_drafts().unwrap().saved, 0, "nothing left to save");
        let s = section(core, c, "vigtigste");
        assert_eq!((s.text.as_str(), s.revision), ("Første og mere", 2));
        assert_eq!(section(core, c, "netvaerk").text, "Ny tekst");
        assert_eq!(section(core, c, "vigtigste").unsaved, None);
    }

    #[test]
    fn a_stale_save_keeps_both_texts_and_the_chair_merges_them() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        assert_eq!(core.save_section(c, "vigtigste", "Første", 0).unwrap(), 1);
        assert_eq!(core.save_section(c, "vigtigste", "Anden", 1).unwrap(), 2);
        // An editor still at revision 1 is refused; its text is not written over the newer
        // one, and it is not dropped either.
        let err = core.save_section(c, "vigtigste", "Gammel", 1).unwrap_err();
        assert!(matches!(
            err,
            CoreError::StaleRevision {
                given: 1,
                current: 2
            }
        ));
        let s = section(core, c, "vigtigste");
        assert_eq!((s.text.as_str(), s.revision), ("Anden", 2));
        assert_eq!(s.unsaved, None);
        assert_eq!(s.kept.len(), 1);
        assert_eq!(s.kept[0].text, "Gammel");
        assert_eq!(s.kept[0].reason, KeptReason::Newer);
        assert!(s.kept[0]
            .label
            .starts_with("Ikke gemt, fordi teksten var ændret"));
        // Typed further on the same old revision: one kept text, the newest.
        core.save_section(c, "vigtigste", "Gammel og mere", 1)
            .unwrap_err();
        let s = section(core, c, "vigtigste");
        assert_eq!(s.kept.len(), 1);
        assert_eq!(s.kept[0].text, "Gammel og mere");
        // The closing check says so.
        assert_eq!(
            core.closing_check(m.id).unwrap().unmerged_texts,
            ["Mikkel Sørensen, Det vigtigste for dig lige nu: tekst der ikke er flettet ind"]
        );
        // Merged below the stored text as a new revision; refused on a stale base.
        let id = s.kept[0].id;
        assert_eq!(
            core.merge_kept_text(id, 1).unwrap_err().kind(),
            "StaleRevision"
        );
        let merged = core.merge_kept_text(id, 2).unwrap();
        assert_eq!(merged.text, "Anden\n\nGammel og mere");
        assert_eq!((merged.revision, merged.kept.len()), (3, 0));
        assert!(core.closing_check(m.id).unwrap().unmerged_texts.is_empty());
    }

    #[test]
    fn saving_the_stored_text_again_is_no_conflict() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        core.save_section(c, "psykiatri", "Samme", 0).unwrap();
        assert_eq!(core.save_section(c, "psykiatri", "Samme", 0).unwrap(), 1);
        assert!(section(core, c, "psykiatri").kept.is_empty());
        // Nor is an empty text typed on an old revision kept.
        core.save_section(c, "psykiatri", "", 0).unwrap_err();
        assert!(section(core, c, "psykiatri").kept.is_empty());
    }

    #[test]
    fn a_failed_save_stays_in_the_core_and_the_editor_reopens_it() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        core.save_section(c, "netvaerk", "Søster", 0).unwrap();
        core.store().limit_growth(Some(0)).unwrap();
        let long = format!("Søster. {}", "Netværket er vigtigt. ".repeat(2_000));
        let err = core.save_section(c, "netvaerk", &long, 1).unwrap_err();
        assert_eq!(err.kind(), "DiskFull");
        // The chair leaves the case and comes back: the editor opens the unsaved text.
        let s = section(core, c, "netvaerk");
        assert_eq!(s.text, "Søster");
        assert_eq!(
            s.unsaved,
            Some(Unsaved {
                text: long.clone(),
                base: 1
            })
        );
        assert_eq!(core.save_drafts().unwrap().failed, 1);
        // Space again: the retry saves it.
        core.store().limit_growth(None).unwrap();
        assert_eq!(core.save_section(c, "netvaerk", &long, 1).unwrap(), 2);
        let s = section(core, c, "netvaerk");
        assert_eq!(
            (s.text.as_str(), s.unsaved.is_none()),
            (long.as_str(), true)
        );
    }

    #[test]
    fn at_exit_a_draft_never_overwrites_newer_text() {
        let dir = tempfile::tempdir().unwrap();
        let (mut fx, _m, c) = on_disk(dir.path());
        let core = &mut fx.core;
        core.save_section(c, "bolig_hverdag", "Ny bolig", 0)
            .unwrap();
        // Typed on revision 1 and previewed ...
        core.preview_section(c, "bolig_hverdag", "Ny bolig i maj", 1)
            .unwrap();
        // ... while something else stored revision 2 (another lineage: base 1, not the
        // draft's).
        let other = NoteRef::section(c, "bolig_hverdag");
        core.store_mut()
            .write(|tx| store::write_note(tx, &other, "Bolig afklaret", 1, Utc::now()))
            .unwrap();
        let done = core.save_drafts().unwrap();
        assert_eq!((done.saved, done.kept), (0, 1));
        drop(fx);
        let core = core_on(
            Store::open_in_dir(dir.path()).unwrap(),
            &std::sync::Arc::new(std::sync::Mutex::new(Utc::now())),
        );
        let s = section(&core, c, "bolig_hverdag");
        assert_eq!(s.text, "Bolig afklaret");
        assert_eq!(s.kept[0].text, "Ny bolig i maj");
    }

    #[test]
    fn text_refused_because_the_meeting_was_closed_is_kept() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        core.preview_section(c, "rusmiddel", "Før lukning", 0)
            .unwrap();
        core.close_meeting(m.id).unwrap();
        // Closing saved the draft first.
        assert_eq!(section(core, c, "rusmiddel").text, "Før lukning");
        // An editor's late save after the close: kept, the notes stay locked.
        let err = core
            .save_section(c, "rusmiddel", "Før lukning og efter", 1)
            .unwrap_err();
        assert_eq!(err.kind(), "MeetingLocked");
        let s = section(core, c, "rusmiddel");
        assert_eq!(s.text, "Før lukning");
        assert_eq!(s.kept[0].reason, KeptReason::Closed);
        assert_eq!(s.kept[0].text, "Før lukning og efter");
        // Neither merged nor removed while closed; after reopening, merged.
        let id = s.kept[0].id;
        assert_eq!(
            core.discard_kept_text(id).unwrap_err().kind(),
            "MeetingLocked"
        );
        core.reopen_meeting(m.id, "Tekst manglede").unwrap();
        let merged = core.merge_kept_text(id, 1).unwrap();
        assert_eq!(merged.text, "Før lukning\n\nFør lukning og efter");
    }

    #[test]
    fn text_typed_while_a_save_is_on_its_way_stays_the_draft_on_the_new_revision() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let note = NoteRef::section(c, "vigtigste");
        core.preview_note(&note, "Et", 0).unwrap();
        // The save of "Et" is written; "Et to", previewed before it (a draft typed further),
        // moves onto revision 1.
        core.drafts
            .insert(note.clone(), Draft::new("Et to", 0, m.id));
        core.store_mut()
            .write(|tx| store::write_note(tx, &note, "Et", 0, Utc::now()))
            .unwrap();
        core.settled(&note, "Et", 0, 1);
        let done = core.save_drafts().unwrap();
        assert_eq!((done.saved, done.kept), (1, 0));
        let s = section(core, c, "vigtigste");
        assert_eq!((s.text.as_str(), s.revision), ("Et to", 2));
        assert!(s.kept.is_empty());
    }

    fn edit(at: usize, del: usize, ins: &str, len: usize) -> NoteEdit {
        NoteEdit {
            at,
            del,
            ins: ins.into(),
            len,
        }
    }

    #[test]
    fn keystrokes_are_edits_of_the_draft_and_an_edit_out_of_step_is_refused() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let note = NoteRef::section(c, "vigtigste");
        // No draft yet: the editor sends the whole text once.
        assert_eq!(
            core.edit_note(&note, &edit(0, 0, "H", 1))
                .unwrap_err()
                .kind(),
            "EditOutOfStep"
        );
        core.preview_note(&note, "Hej", 0).unwrap();
        core.edit_note(&note, &edit(3, 0, " Åse 🦀", 10)).unwrap();
        core.edit_note(&note, &edit(0, 3, "Hallo", 12)).unwrap();
        assert_eq!(core.draft(c, "vigtigste"), Some("Hallo Åse 🦀"));
        // Out of step: a wrong length, a range past the end, half a character.
        for e in [
            edit(12, 0, "x", 14),
            edit(11, 2, "", 10),
            edit(11, 1, "", 11),
        ] {
            assert_eq!(
                core.edit_note(&note, &e).unwrap_err().kind(),
                "EditOutOfStep"
            );
        }
        assert_eq!(core.draft(c, "vigtigste"), Some("Hallo Åse 🦀"));
        assert_eq!(
            core.edit_note(&note, &edit(0, 0, "\0", 13))
                .unwrap_err()
                .kind(),
            "InvalidValue"
        );
        // Saved, the draft stays (clean) and takes the next keystroke; it is not unsaved.
        assert_eq!(core.save_note(&note, "Hallo Åse 🦀", 0).unwrap(), 1);
        assert_eq!(section(core, c, "vigtigste").unsaved, None);
        core.edit_note(&note, &edit(12, 0, "!", 13)).unwrap();
        let s = section(core, c, "vigtigste");
        assert_eq!(
            s.unsaved,
            Some(Unsaved {
                text: "Hallo Åse 🦀!".into(),
                base: 1
            })
        );
        assert_eq!(core.save_drafts().unwrap().saved, 1);
        assert_eq!(section(core, c, "vigtigste").text, "Hallo Åse 🦀!");
    }

    #[test]
    fn a_closed_meeting_takes_no_keystrokes() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let note = NoteRef::section(c, "vigtigste");
        core.preview_note(&note, "Hej", 0).unwrap();
        core.close_meeting(m.id).unwrap();
        assert_eq!(section(core, c, "vigtigste").text, "Hej");
        assert_eq!(
            core.edit_note(&note, &edit(3, 0, "!", 4))
                .unwrap_err()
                .kind(),
            "EditOutOfStep"
        );
        assert_eq!(
            core.preview_note(&note, "Hej!", 1).unwrap_err().kind(),
            "MeetingLocked"
        );
    }

    #[test]
    fn an_edit_of_a_long_section_does_not_count_the_whole_text() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let note = NoteRef::section(c, "psykiatri");
        let long = "æ".repeat(limits::NOTE - 1);
        core.preview_note(&note, &long, 0).unwrap();
        core.edit_note(&note, &edit(limits::NOTE - 1, 0, "ø", limits::NOTE))
            .unwrap();
        let err = core
            .edit_note(&note, &edit(limits::NOTE, 0, "å", limits::NOTE + 1))
            .unwrap_err();
        assert_eq!(err.kind(), "TooLong");
        assert_eq!(
            core.draft(c, "psykiatri").map(str::len),
            Some(2 * limits::NOTE)
        );
    }

    #[test]
    fn theme_notes_follow_the_same_rules() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let core = &mut fx.core;
        assert_eq!(core.save_theme_notes(m.id, "Kriseplaner", 0).unwrap(), 1);
        core.save_theme_notes(m.id, "Gammel", 0).unwrap_err();
        let v = core.theme_notes(m.id).unwrap();
        assert_eq!(
            (v.note.text.as_str(), v.note.kept.len()),
            ("Kriseplaner", 1)
        );
        let other = NoteRef::Meeting {
            meeting_id: m.id,
            key: "noget".into(),
        };
        assert_eq!(
            core.save_note(&other, "x", 0).unwrap_err().kind(),
            "InvalidValue"
        );
    }

    #[test]
    fn a_case_with_unsaved_or_kept_text_cannot_be_removed() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        fx.core.preview_section(c, "vigtigste", "Noget", 0).unwrap();
        assert_eq!(fx.core.remove_case(c).unwrap_err().kind(), "InvalidValue");
        fx.core.save_drafts().unwrap();
        assert_eq!(fx.core.remove_case(c).unwrap_err().kind(), "InvalidValue");
    }

    // ------------------------------------------------------------ random interleavings

    use proptest::prelude::*;

    /// What the chair's editor does (ui/js/saver.js): previews every key with its revision,
    /// saves, and on `StaleRevision`/`MeetingLocked` reopens the note (unsaved draft if the
    /// core holds one, else the stored text).
    struct Editor {
        text: String,
        rev: i64,
    }

    impl Editor {
        fn open(core: &Core, note: &NoteRef) -> Editor {
            let s = core.note_state(note).unwrap();
            match s.unsaved {
                Some(d) => Editor {
                    text: d.text,
                    rev: d.base,
                },
                None => Editor {
                    text: s.text,
                    rev: s.revision,
                },
            }
        }
        fn save(&mut self, core: &mut Core, note: &NoteRef) {
            match core.save_note(note, &self.text, self.rev) {
                Ok(rev) => self.rev = rev,
                Err(e) if kept_reason(&e).is_some() => *self = Editor::open(core, note),
                Err(_) => {} // disk full: the editor keeps its text and tries again
            }
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// The chair types a word into the note.
        Type,
        Save,
        /// Another editor, opened on an older revision, saves its own words.
        StaleSave,
        DiskFull,
        DiskFree,
        Close,
        Reopen,
        /// The app ends (space is there again first) and starts again.
        Exit,
        /// The chair merges a kept text.
        Merge,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => Just(Op::Type),
            3 => Just(Op::Save),
            1 => Just(Op::StaleSave),
            1 => Just(Op::DiskFull),
            1 => Just(Op::DiskFree),
            1 => Just(Op::Close),
            1 => Just(Op::Reopen),
            1 => Just(Op::Exit),
            1 => Just(Op::Merge),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn no_typed_word_is_lost_whatever_the_order(ops in proptest::collection::vec(op(), 1..40)) {
            let dir = tempfile::tempdir().unwrap();
            let (mut fx, m, c) = on_disk(dir.path());
            let note = NoteRef::section(c, "netvaerk");
            let mut ed = Editor::open(&fx.core, &note);
            let mut typed: Vec<String> = Vec::new();
            let mut word = 0;
            let mut next_word = || { word += 1; format!("ord{word}x") };
            for op in ops {
                let core = &mut fx.core;
                match op {
                    Op::Type => {
                        let w = next_word();
                        ed.text.push_str(&format!(" {w}"));
                        typed.push(w);
                        // Refused in a closed meeting: the editor is read-only there and
                        // the word stays only in it until it saves (kept) or reopens.
                        let _ = core.preview_note(&note, &ed.text, ed.rev);
                    }
                    Op::Save => ed.save(core, &note),
                    Op::StaleSave => {
                        let w = next_word();
                        let (stored, rev) = store::stored_note(core.store().read(), &note).unwrap();
                        let old = (rev - 1).max(0);
                        let text = format!("{stored} {w}");
                        typed.push(w);
                        if core.save_note(&note, &text, old).is_err() && rev == 0 {
                            // Nothing older than never written: it was the disk.
                            typed.pop();
                        }
                        let _ = rev;
                    }
                    Op::DiskFull => core.store().limit_growth(Some(0)).unwrap(),
                    Op::DiskFree => core.store().limit_growth(None).unwrap(),
                    Op::Close => { let _ = core.close_meeting(m.id); }
                    Op::Reopen => { let _ = core.reopen_meeting(m.id, "Rettelse"); }
                    Op::Merge => {
                        let s = core.note_state(&note).unwrap();
                        if let Some(k) = s.kept.first() {
                            ed.save(core, &note);
                            if core.merge_kept_text(k.id, ed.rev).is_ok() {
                                ed = Editor::open(core, &note);
                            }
                        }
                    }
                    Op::Exit => {
                        core.store().limit_growth(None).unwrap();
                        // The chair saves its editor (chair://closing), then the core its drafts.
                        ed.save(core, &note);
                        let done = core.save_drafts().unwrap();
                        prop_assert_eq!(done.failed, 0);
                        let now = fx.now.clone();
                        drop(std::mem::replace(&mut fx.core, core_on(Store::open_in_memory().unwrap(), &now)));
                        fx.core = core_on(Store::open_in_dir(dir.path()).unwrap(), &now);
                        ed = Editor::open(&fx.core, &note);
                    }
                }
            }
            // Space again, the chair saves, the app ends and starts: every word is in the
            // note or kept beside it.
            let core = &mut fx.core;
            core.store().limit_growth(None).unwrap();
            ed.save(core, &note);
            prop_assert_eq!(core.save_drafts().unwrap().failed, 0);
            let now = fx.now.clone();
            drop(fx);
            let core = core_on(Store::open_in_dir(dir.path()).unwrap(), &now);
            let s = core.note_state(&note).unwrap();
            let mut all = s.text.clone();
            for k in &s.kept { all.push(' '); all.push_str(&k.text); }
            for w in &typed {
                prop_assert!(all.split_whitespace().any(|x| x == w), "{} lost; note {:?}, kept {:?}", w, s.text, s.kept);
            }
        }
    }
}
