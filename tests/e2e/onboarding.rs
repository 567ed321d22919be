use crate::start_empty;
use faelles_tests::e2e::{by_testid, WAIT};

#[test]
fn onboarding_setup_creates_team() {
    let mut t = start_empty();
    t.wait_visible(by_testid("onboarding-setup"));
    t.wait_visible(by_testid("onboarding-demo"));

    t.click(by_testid("onboarding-setup"));
    t.type_text(by_testid("team-name"), "Fælles Team Sønderå");
    t.type_text(by_testid("team-municipality"), "Aabenraa Kommune");
    t.click(by_testid("team-save"));

    t.wait_visible(by_testid("nav-meetings"));
    t.wait_for("the chair title to contain the team name", WAIT, |a| {
        a.title().contains("Fælles Team Sønderå")
    });
    assert!(t.title().starts_with("Fælles Team"));
    assert_eq!(
        t.count(by_testid("onboarding-setup")),
        0,
        "onboarding is still shown"
    );
}
