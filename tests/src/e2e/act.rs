//! Acting on the page: clicks, keys, values and choices, each retried while the page is
//! still changing.

use super::loc::transient;
use super::{App, Loc, POLL, WAIT};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::Locator;
use serde_json::json;
use std::borrow::Borrow;
use std::future::Future;
use std::time::Instant;

impl App {
    // -------------------------------------------------------------------------------- actions
    // Each waits (up to WAIT) for the first match to exist and be displayed, and retries
    // while the page is re-rendering.

    /// Visible text of the first match.
    #[track_caller]
    pub fn text(&self, loc: impl Borrow<Loc>) -> String {
        self.act("read the text of", loc.borrow(), |e| async move {
            e.text().await
        })
    }

    /// Attribute `name` of the first (displayed) match.
    #[track_caller]
    pub fn attr(&self, loc: impl Borrow<Loc>, name: &str) -> Option<String> {
        self.act("read an attribute of", loc.borrow(), |e| async move {
            e.attr(name).await
        })
    }

    /// Clicks the first match.
    #[track_caller]
    pub fn click(&self, loc: impl Borrow<Loc>) {
        let client = self.client();
        self.act("click", loc.borrow(), |e| {
            let client = client.clone();
            async move {
                // WebKitWebDriver does not always scroll a target below the fold into view
                // before clicking; a user would scroll to it first, so do that.
                client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                        vec![json!(e)],
                    )
                    .await?;
                e.click().await
            }
        })
    }

    /// Clears a text input and types `text` into it (real key events).
    #[track_caller]
    pub fn type_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.keys(loc.borrow(), text, true)
    }

    /// Types `text` at the end of what the field holds (without clearing it first).
    #[track_caller]
    pub fn append_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.keys(loc.borrow(), text, false)
    }

    #[track_caller]
    fn keys(&self, loc: &Loc, text: &str, clear: bool) {
        let client = self.client();
        self.act("type into", loc, |e| {
            let client = client.clone();
            async move {
                // As for `click`: WebKitWebDriver refuses to type into a field below the fold
                // ("element not interactable"); a user would scroll to it first.
                client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                        vec![json!(e)],
                    )
                    .await?;
                if clear {
                    e.clear().await?;
                }
                e.send_keys(text).await
            }
        })
    }

    /// Sets an input's value from script and fires `input` and `change`, as a user's edit
    /// would. For `<input type=date|time>` (ISO value), which WebKitGTK does not let
    /// WebDriver type into reliably. Fails if the input refuses the value.
    #[track_caller]
    pub fn set_value(&self, loc: impl Borrow<Loc>, value: &str) {
        let loc = loc.borrow();
        let client = self.client();
        let got = self.act("set the value of", loc, |e| {
            let client = client.clone();
            async move {
                client
                    .execute(
                        "const [el, v] = arguments; el.focus(); el.value = v;\
                         el.dispatchEvent(new Event('input', {bubbles: true}));\
                         el.dispatchEvent(new Event('change', {bubbles: true}));\
                         return el.value;",
                        vec![json!(e), json!(value)],
                    )
                    .await
            }
        });
        assert_eq!(
            got.as_str(),
            Some(value),
            "{loc} did not take the value {value:?}{}",
            self.diagnostics()
        );
    }

    /// Chooses the option of the `<select>` `loc` whose visible text is `text` (trimmed).
    #[track_caller]
    pub fn select_by_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.select_where(loc, &format!("{text:?}"), |label| label == text);
    }

    /// Chooses the first option of the `<select>` `loc` whose visible (trimmed) text satisfies
    /// `pred`, by clicking it as a user would, and checks that the select then has that
    /// option's value. `what` describes the option in failure messages.
    #[track_caller]
    pub fn select_where(&self, loc: impl Borrow<Loc>, what: &str, pred: impl Fn(&str) -> bool) {
        let loc = loc.borrow();
        let client = self.client();
        let pred = &pred;
        let chosen = self.act("choose an option of", loc, |select| {
            let client = client.clone();
            async move {
                let mut options = Vec::new();
                for o in select.find_all(Locator::Css("option")).await? {
                    let label = client
                        .execute("return arguments[0].text.trim();", vec![json!(o)])
                        .await?;
                    options.push((label.as_str().unwrap_or_default().to_string(), o));
                }
                let Some((_, option)) = options.iter().find(|(l, _)| pred(l)) else {
                    let labels: Vec<_> = options.iter().map(|(l, _)| l.clone()).collect();
                    return Ok(Err(labels));
                };
                option.click().await?;
                let want = option.attr("value").await?;
                let have = client
                    .execute("return arguments[0].value;", vec![json!(select)])
                    .await?;
                Ok(Ok((want, have)))
            }
        });
        match chosen {
            Err(labels) => panic!(
                "{loc} has no option {what}; options: {labels:?}{}",
                self.diagnostics()
            ),
            Ok((want, have)) => assert_eq!(
                have.as_str(),
                want.as_deref(),
                "clicking option {what} did not select it in {loc}{}",
                self.diagnostics()
            ),
        }
    }

    #[track_caller]
    pub(super) fn act<T, F, Fut>(&self, what: &str, loc: &Loc, f: F) -> T
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        let client = self.client();
        let deadline = Instant::now() + WAIT;
        loop {
            let attempt = self.rt.block_on(async {
                let Some(e) = loc.resolve(&client).await?.into_iter().next() else {
                    return Ok(Err("no element matches"));
                };
                if !e.is_displayed().await? {
                    return Ok(Err("the element is not displayed"));
                }
                f(e).await.map(Ok)
            });
            let why = match attempt {
                Ok(Ok(v)) => return v,
                Ok(Err(why)) => why.to_string(),
                Err(e) if transient(&e) => e.to_string(),
                Err(e) => panic!("could not {what} {loc}: {e}{}", self.diagnostics()),
            };
            if Instant::now() >= deadline {
                panic!(
                    "could not {what} {loc} within {WAIT:?}: {why}{}",
                    self.diagnostics()
                );
            }
            std::thread::sleep(POLL);
        }
    }
}
