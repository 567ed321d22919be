//! The rules a template must keep before it is saved as a version or imported: each problem
//! said in Danish, naming where it is («Afsnit 3 (Psykiatrisk behandling): …»). All problems
//! are collected, not only the first, so the editor can show them together.

use super::{Template, AGREEMENTS_SECTION, CASES_ITEM};
use crate::error::{CoreError, Result};
use std::collections::HashSet;

/// The agenda items the app's run view gives a purpose (attendance, the month's theme, the
/// cases, the actors' evaluation, the closing): they can be renamed, timed and moved, not
/// retired.
pub const REQUIRED_ITEMS: [(&str, &str); 5] = [
    ("velkomst", "fremmøde"),
    ("tema", "månedens tema"),
    (CASES_ITEM, "borgersagerne"),
    ("evaluering", "aktørernes evaluering"),
    ("eventuelt", "afslutningen af mødet"),
];

/// The longest title, question or plain name (characters).
pub const TITLE_MAX: usize = 200;
/// The longest description, hint or consent text (characters).
pub const TEXT_MAX: usize = 2_000;
/// The shortest time Borgersager may be left with (minutes).
pub const CASES_MIN_MINUTES: u32 = 15;

/// A key as stored with notes and answers: lower-case letters, digits and `_`, from a letter.
pub fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some('a'..='z'))
        && key.len() <= 40
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

struct Problems(Vec<String>);

impl Problems {
    fn say(&mut self, s: String) {
        self.0.push(s);
    }
    fn text(&mut self, place: &str, what: &str, value: &str, max: usize, required: bool) {
        if required && value.trim().is_empty() {
            self.say(format!("{place}: {what} mangler."));
        } else if value.chars().count() > max {
            self.say(format!("{place}: {what} er længere end {max} tegn."));
        }
    }
    fn keys<'a>(&mut self, list: &str, keys: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for k in keys {
            if !valid_key(k) {
                self.say(format!(
                    "{list}: nøglen «{k}» må kun have små bogstaver a–z, tal og _ og skal starte med et bogstav."
                ));
            } else if !seen.insert(k) {
                self.say(format!(
                    "{list}: nøglen «{k}» findes to gange; nøgler skal være forskellige."
                ));
            }
        }
    }
}

fn place(kind: &str, n: usize, title: &str) -> String {
    if title.trim().is_empty() {
        format!("{kind} {}", n + 1)
    } else {
        format!("{kind} {} ({})", n + 1, title.trim())
    }
}

/// Every rule of a template; `Err(TemplateInvalid)` with all the problems found.
pub fn validate(t: &Template) -> Result<()> {
    let mut p = Problems(Vec::new());
    p.text("Skabelonen", "navnet", &t.name, TITLE_MAX, true);
    if !(30..=480).contains(&t.meeting_minutes) {
        p.say(format!(
            "Mødets længde skal være mellem 30 og 480 minutter (nu {}).",
            t.meeting_minutes
        ));
    }
    if !(1..=12).contains(&t.cadence_weeks) {
        p.say(format!(
            "Der skal være mellem 1 og 12 uger mellem møderne (nu {}).",
            t.cadence_weeks
        ));
    }

    // The agenda.
    p.keys("Dagsordenen", t.agenda.iter().map(|a| a.key.as_str()));
    for (n, a) in t.agenda.iter().enumerate() {
        let at = place("Punkt", n, &a.title);
        p.text(&at, "titlen", &a.title, TITLE_MAX, true);
        p.text(&at, "beskrivelsen", &a.description, TEXT_MAX, false);
        match (a.key == CASES_ITEM, a.minutes) {
            (true, Some(_)) => p.say(format!(
                "{at}: Borgersager får den tid, der er tilbage; punktet har ikke sit eget antal minutter."
            )),
            (false, None | Some(0)) => p.say(format!("{at}: punktet skal have mindst 1 minut.")),
            _ => {}
        }
    }
    for (key, purpose) in REQUIRED_ITEMS {
        if !t.agenda.iter().any(|a| a.key == key) {
            p.say(format!(
                "Dagsordenen mangler punktet med nøglen «{key}» ({purpose}); det kan omdøbes og flyttes, men ikke fjernes."
            ));
        }
    }
    if t.agenda.last().is_some_and(|a| a.key != "eventuelt") {
        p.say("Dagsordenens sidste punkt skal være «eventuelt» (mødets afslutning).".into());
    }
    let fixed: u32 = t.agenda.iter().filter_map(|a| a.minutes).sum();
    if fixed + CASES_MIN_MINUTES > t.meeting_minutes {
        p.say(format!(
            "Dagsordenen går ikke op: de faste punkter tager {fixed} min. af mødets {} min., og Borgersager skal have mindst {CASES_MIN_MINUTES} min.",
            t.meeting_minutes
        ));
    }

    // The case sections.
    if t.sections.is_empty() {
        p.say("Sagsskabelonen skal have mindst ét afsnit.".into());
    }
    p.keys("Sagsskabelonen", t.sections.iter().map(|s| s.key.as_str()));
    for (n, s) in t.sections.iter().enumerate() {
        let at = place("Afsnit", n, &s.title);
        p.text(&at, "titlen", &s.title, TITLE_MAX, true);
        p.text(
            &at,
            "spørgsmålet til borgeren",
            &s.question,
            TITLE_MAX,
            true,
        );
        p.text(&at, "hjælpeteksten", &s.hint, TEXT_MAX, false);
    }
    if !t.sections.iter().any(|s| s.key == AGREEMENTS_SECTION) {
        p.say(format!(
            "Sagsskabelonen mangler afsnittet med nøglen «{AGREEMENTS_SECTION}» (aftalerne); det kan omdøbes, men ikke fjernes."
        ));
    }

    // The citizen's questions.
    p.keys(
        "Borgerens spørgsmål",
        t.citizen_evaluation.iter().map(|q| q.key.as_str()),
    );
    for (n, q) in t.citizen_evaluation.iter().enumerate() {
        let at = place("Spørgsmål", n, &q.question);
        p.text(&at, "spørgsmålet", &q.question, TITLE_MAX, true);
        let answers = q.scale.answers().len() - 1; // without «Ikke besvaret»
        if answers < 2 {
            p.say(format!("{at}: et spørgsmål skal have mindst to svar."));
        }
    }

    // The actors' evaluation.
    let me = &t.meeting_evaluation;
    p.text(
        "Aktørernes evaluering",
        "spørgsmålet",
        &me.coherence_question,
        TITLE_MAX,
        true,
    );
    if me.fields.is_empty() {
        p.say("Aktørernes evaluering skal have mindst ét tekstfelt.".into());
    }
    p.keys(
        "Aktørernes felter",
        me.fields.iter().map(|f| f.key.as_str()),
    );
    for (n, f) in me.fields.iter().enumerate() {
        p.text(
            &place("Felt", n, &f.title),
            "titlen",
            &f.title,
            TITLE_MAX,
            true,
        );
    }
    let mut orgs = HashSet::new();
    for (n, o) in me.organisations.iter().enumerate() {
        let at = place("Organisation", n, &o.title);
        p.text(&at, "navnet", &o.title, TITLE_MAX, true);
        if o.key == crate::domain::Org::Joint {
            p.say(format!(
                "{at}: «faelles» er teamets fælles svar og ikke en organisation."
            ));
        } else if !orgs.insert(o.key) {
            p.say(format!("{at}: organisationen svarer allerede."));
        }
    }

    // The roles.
    p.keys(
        "Rollerne",
        t.fixed_roles
            .iter()
            .map(|r| r.key.as_str())
            .chain(t.adhoc_kinds.iter().map(|k| k.key.as_str())),
    );
    for (n, r) in t.fixed_roles.iter().enumerate() {
        let at = place("Rolle", n, &r.title);
        p.text(&at, "titlen", &r.title, TITLE_MAX, true);
        p.text(&at, "navnet for borgeren", &r.plain, TITLE_MAX, true);
        p.text(&at, "organisationen", &r.organisation, TITLE_MAX, true);
    }
    match t.fixed_roles.iter().filter(|r| r.coordinator).count() {
        1 => {}
        0 => p.say("Én fast rolle skal være koordinator (mødelederen).".into()),
        n => p.say(format!("Kun én fast rolle kan være koordinator (nu {n}).")),
    }
    for (n, k) in t.adhoc_kinds.iter().enumerate() {
        let at = place("Ad hoc-deltager", n, &k.title);
        p.text(&at, "titlen", &k.title, TITLE_MAX, true);
        p.text(&at, "navnet for borgeren", &k.plain, TITLE_MAX, true);
        if t.consent_recipients()
            .iter()
            .any(|r| r.fixed && r.key == k.key)
        {
            p.say(format!(
                "{at}: nøglen «{}» er også en organisation i det faste team.",
                k.key
            ));
        }
    }
    p.text(
        "Samtykket",
        "standardteksten",
        &t.consent_scope_default,
        TEXT_MAX,
        true,
    );

    if p.0.is_empty() {
        Ok(())
    } else {
        Err(CoreError::TemplateInvalid { problems: p.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(t: &Template) -> Vec<String> {
        match validate(t) {
            Ok(()) => vec![],
            Err(CoreError::TemplateInvalid { problems }) => problems,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_bundled_templates_keep_every_rule() {
        for t in super::super::bundled() {
            assert_eq!(problems(t), Vec::<String>::new(), "{}", t.version);
        }
    }

    #[test]
    fn each_rule_names_where_the_problem_is() {
        let base = super::super::current().clone();

        let mut t = base.clone();
        t.agenda[1].minutes = Some(200);
        let p = problems(&t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("Dagsordenen går ikke op"), "{p:?}");

        let mut t = base.clone();
        t.sections[2].key = t.sections[1].key.clone();
        assert!(problems(&t)[0].contains("findes to gange"));

        let mut t = base.clone();
        t.sections.retain(|s| s.key != AGREEMENTS_SECTION);
        assert!(problems(&t)[0].contains("«aftaler»"));

        let mut t = base.clone();
        t.agenda.retain(|a| a.key != "evaluering");
        assert!(problems(&t).iter().any(|p| p.contains("«evaluering»")));

        let mut t = base.clone();
        t.sections[0].title = "  ".into();
        assert_eq!(problems(&t), ["Afsnit 1: titlen mangler."]);

        let mut t = base.clone();
        t.citizen_evaluation[0].key = "Nyt Spørgsmål".into();
        assert!(problems(&t)[0].contains("små bogstaver"));

        let mut t = base.clone();
        for r in &mut t.fixed_roles {
            r.coordinator = false;
        }
        assert!(problems(&t)[0].contains("koordinator"));

        let mut t = base.clone();
        t.agenda.swap(3, 4);
        assert!(problems(&t)[0].contains("sidste punkt"));

        // Several problems are said together.
        let mut t = base;
        t.name.clear();
        t.meeting_minutes = 10;
        assert!(problems(&t).len() >= 2);
    }
}
