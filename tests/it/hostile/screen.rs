//! What the screen projection makes of a hostile value: the text as string data, never a
//! CPR number.

use super::{trimmed, Case, Run};
use crate::backup::cpr_forms;
use faelles_core::domain::Id;
use faelles_core::projection;
use faelles_core::ErrorKind;

impl Run {
    /// The screen projection: the text as JSON string data, never a CPR number.
    pub(super) fn check_screen(
        &self,
        case: &Case,
        case_id: Id,
        value: &str,
        shown: &str,
        agreement: bool,
    ) {
        // A withdrawal dated on or before the meeting ends the consent: from then on the
        // screen gets nothing of the case (consent is checked at every use).
        let view = match projection::for_case(&self.core, case_id) {
            Ok(view) => view,
            Err(e) => {
                assert_eq!(
                    e.kind(),
                    ErrorKind::ConsentWithdrawn,
                    "{}: {e:?}",
                    case.name
                );
                return;
            }
        };
        let json = serde_json::to_string(&view).unwrap();
        for cpr in &self.cprs {
            for f in cpr_forms(cpr) {
                assert!(
                    !json.contains(&f) || value.contains(&f),
                    "{}: a CPR number on the screen",
                    case.name
                );
            }
        }
        let escaped = serde_json::to_string(shown).unwrap();
        assert!(
            json.contains(&escaped[1..escaped.len() - 1]),
            "{}: the note is not in the screen JSON as a string",
            case.name
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        let section = back["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "psykiatri")
            .unwrap();
        assert!(section["text"] == shown, "{}: screen text", case.name);
        if agreement {
            assert!(
                back["agreements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["what"] == trimmed(value)),
                "{}: agreement on screen",
                case.name
            );
        }
        // No other citizen of the meeting appears by name.
        let others = self.core.cases(self.meeting.id).unwrap();
        for other in others.iter().filter(|c| c.id != case_id) {
            let o = self.core.citizen(other.citizen_id).unwrap();
            if o.first_name.starts_with("Borger") {
                assert!(
                    !json.contains(&o.first_name),
                    "{}: {}",
                    case.name,
                    o.first_name
                );
            }
        }
    }
}
