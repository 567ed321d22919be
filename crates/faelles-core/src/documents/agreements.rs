//! "Dine aftaler fra Fælles Team": the open agreements of one responsible (a participant, an
//! organisation, the citizens themselves) or of one organisation, from the Opfølgning view.
//! What, for whom (first name and initial), by when: no notes.

use super::table;
use crate::calendar;
use crate::chair::{FollowUpFilter, FollowUpState};
use crate::core::Core;
use crate::error::{CoreError, Result};
use faelles_pdf::{Block, Document};

/// Title of the follow-up letter.
pub const AGREEMENTS_TITLE: &str = "Dine aftaler fra Fælles Team";

impl Core {
    /// The open agreements `filter` selects, for one responsible or one organisation (the
    /// filter must name one of them; the other filters apply too).
    pub fn agreements_document(&self, filter: &FollowUpFilter) -> Result<Document> {
        let named = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !named(&filter.responsible) && !named(&filter.organisation) {
            return Err(CoreError::InvalidValue {
                field: "Ansvarlig",
                reason: "vælg en ansvarlig eller en organisation først".into(),
            });
        }
        let team = self.require_team()?;
        let view = self.follow_up(filter)?;
        let by_org = !named(&filter.responsible);
        let to = if by_org {
            filter
                .organisation
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string()
        } else {
            view.groups()
                .next()
                .map(|g| g.label.clone())
                .unwrap_or_default()
        };
        let open: Vec<_> = view
            .rows()
            .filter(|r| matches!(r.state, FollowUpState::Open | FollowUpState::Overdue))
            .collect();
        // Nothing of a citizen without a valid consent goes to other organisations.
        let left_out = open.iter().filter(|r| r.consent_problem.is_some()).count();
        let rows: Vec<Vec<String>> = open
            .into_iter()
            .filter(|r| r.consent_problem.is_none())
            .map(|r| {
                let mut row = vec![r.what.clone(), r.citizen_label.clone()];
                if by_org {
                    row.push(r.who_label.clone());
                }
                row.push(r.due_label.clone());
                row.push(r.state_label.clone());
                row
            })
            .collect();
        if rows.is_empty() {
            return Err(CoreError::InvalidValue {
                field: "Aftaler",
                reason: if left_out > 0 {
                    "de åbne aftaler er for borgere uden gyldigt samtykke og deles ikke".into()
                } else {
                    "der er ingen åbne aftaler at skrive".into()
                },
            });
        }
        let today = calendar::date_long(self.today());
        let (header, widths): (Vec<&str>, Vec<f32>) = if by_org {
            (
                vec!["Hvad", "For hvem", "Ansvarlig", "Hvornår", "Status"],
                vec![2.6, 1.3, 1.6, 1.6, 1.6],
            )
        } else {
            (
                vec!["Hvad", "For hvem", "Hvornår", "Status"],
                vec![3.0, 1.4, 1.8, 1.6],
            )
        };
        let mut blocks = vec![
            Block::Title(AGREEMENTS_TITLE.into()),
            Block::Subtitle(format!("{to} · {today}")),
            Block::Paragraph(format!(
                "Her er de aftaler fra {}, som {} har ansvaret for, og som endnu ikke er fulgt \
                 op. Aftaler markeret »Overskredet« skulle have været klaret. Giv besked til \
                 mødelederen, når en aftale er klaret, eller hvis den ikke kan nås.",
                team.name,
                if by_org { "jeres organisation" } else { "du" }
            )),
            Block::Heading(format!("Åbne aftaler ({})", rows.len())),
            table(&header, rows, &widths),
            Block::Note(
                "Borgerne nævnes kun med fornavn og forbogstav. Papiret indeholder ingen noter \
                 fra møderne."
                    .into(),
            ),
        ];
        if left_out > 0 {
            blocks.push(Block::Note(format!(
                "{left_out} {} er udeladt, fordi borgeren ikke har et gyldigt samtykke.",
                if left_out == 1 { "aftale" } else { "aftaler" }
            )));
        }
        Ok(Document {
            title: format!("{AGREEMENTS_TITLE}, {to}"),
            author: team.name.clone(),
            subject: format!("Åbne aftaler for {to}"),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }
}
