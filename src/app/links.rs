//! The links view (`L`), saving (`S`) and piping (`|`) a story.

use std::sync::Arc;

use super::feeds::is_web_link;
use super::{App, Effect, Pane, Screen};
use crate::article::Article;
use crate::config::Launch;
use crate::keymap::Action;

/// One address the story gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `None` for the story's own link, else its reference number.
    pub number: Option<u32>,
    pub url: String,
}

/// The story's link and its numbered references, one chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinksView {
    pub title: String,
    pub links: Vec<Link>,
    pub selected: usize,
}

/// The story's own link, then the references feed stories end with
/// (`[3] https://…`, one a paragraph, as the HTML converter writes them).
pub fn story_links(article: &Article) -> Vec<Link> {
    let own = article.url.iter().map(|u| Link {
        number: None,
        url: u.trim().to_string(),
    });
    let references = article.paragraphs.iter().filter_map(|p| {
        let rest = p.text.as_str().strip_prefix('[')?;
        let (number, url) = rest.split_once("] ")?;
        let number = number.parse().ok()?;
        (!url.contains(char::is_whitespace)).then(|| Link {
            number: Some(number),
            url: url.to_string(),
        })
    });
    own.chain(references).collect()
}

impl App {
    /// The story the keys are about: the open one in the reader, else the
    /// selected one in the list, read whole.
    fn story_in_hand(&mut self) -> Option<Arc<Article>> {
        if let (Screen::Reader, Some(r)) = (&self.screen, &self.reader) {
            return Some(Arc::clone(&r.story));
        }
        let index = self.selected_article()?;
        match self.library.full(index) {
            Ok(article) => Some(article),
            Err(why) => {
                self.warn(format!("could not read the story: {why}"));
                None
            }
        }
    }

    pub(super) fn show_links(&mut self) {
        let Some(story) = self.story_in_hand() else {
            return;
        };
        let links = story_links(&story);
        if links.is_empty() {
            self.status = Some("This story has no link and no references".to_string());
            return;
        }
        let view = LinksView {
            title: story.title.clone(),
            links,
            selected: 0,
        };
        let back = self.screen.pane().unwrap_or(Pane::List);
        self.screen = Screen::Links { view, back };
    }

    pub(super) fn links_action(&mut self, action: Action) {
        let Some(view) = self.screen.links_mut() else {
            return;
        };
        let last = view.links.len().saturating_sub(1);
        match action {
            Action::Down => view.selected = (view.selected + 1).min(last),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Top => view.selected = 0,
            Action::Bottom => view.selected = last,
            Action::Back => self.close_links(),
            Action::Open | Action::CopyLink => {
                let Some(url) = view.links.get(view.selected).map(|l| l.url.clone()) else {
                    return;
                };
                if action == Action::CopyLink {
                    self.copy(url);
                } else if is_web_link(&url) {
                    self.status = Some(crate::text::clean_line(&format!(
                        "Opening {url} in the browser"
                    )));
                    self.effects
                        .push(Effect::Launch(self.settings.browser.launch(&url)));
                } else {
                    self.status = Some("Only http and https links are opened".to_string());
                }
            }
            _ => {}
        }
    }

    /// Back to the pane the links were asked for from.
    fn close_links(&mut self) {
        if let Screen::Links { back, .. } = &self.screen {
            let back = *back;
            self.show_pane(back);
        }
    }

    fn copy(&mut self, url: String) {
        if !self.settings.clipboard {
            self.status =
                Some("Copying is off: clipboard = true under [links] turns it on".to_string());
            return;
        }
        self.status = Some(crate::text::clean_line(&format!("Copied {url}")));
        self.effects.push(Effect::Copy(url));
    }

    pub(super) fn save_story(&mut self) {
        let Some(story) = self.story_in_hand() else {
            return;
        };
        let format = self.settings.save_format;
        self.effects.push(Effect::Save {
            dir: self.settings.save_dir.clone(),
            stem: crate::export::file_stem(&story.title),
            extension: format.extension(),
            text: crate::export::document(&story, format),
        });
    }

    pub(super) fn pipe_story(&mut self) {
        let Some(story) = self.story_in_hand() else {
            return;
        };
        let pipe = &self.settings.pipe;
        self.effects.push(Effect::Launch(Launch {
            program: pipe.program.clone(),
            args: pipe.args.clone(),
            terminal: true,
            input: Some(crate::export::document(
                &story,
                crate::config::SaveFormat::Text,
            )),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_links_are_the_storys_own_then_its_numbered_references() {
        let text = "title T\nurl https://a.example/story\n\nSee the report [1].\n\n[1] https://b.example/report\n\n[2 not a reference\n";
        let article = crate::article::parse(
            text,
            crate::article::Format::Plain,
            crate::article::Origin::Bundled("t"),
            "t",
        );
        let links = story_links(&article);
        assert_eq!(
            links,
            [
                Link {
                    number: None,
                    url: "https://a.example/story".into()
                },
                Link {
                    number: Some(1),
                    url: "https://b.example/report".into()
                }
            ]
        );
    }
}
