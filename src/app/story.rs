//! Opening a story in the reading pane and keeping it laid out for the
//! pane's width, a large one off the UI thread.

use std::sync::Arc;

use super::msg::is_large;
use super::{App, Effect, Job, Laid, Marks, Reader, Screen, View, reveal_cursor};
use crate::analysis::Analysis;
use crate::article::Article;
use crate::layout::reader_columns;

impl App {
    /// Opens a story in the reading pane and gives it the keys; a large
    /// one is laid out by the effect returned.
    pub fn open(&mut self, index: usize) -> Vec<Effect> {
        self.open_story(index);
        self.asked()
    }

    pub(super) fn open_story(&mut self, index: usize) {
        if index >= self.library.articles.len() {
            return;
        }
        if let Some(row) = self.row_of(index) {
            self.selected = row;
        }
        let article = match self.library.full(index) {
            Ok(article) => article,
            Err(why) => {
                let title = self.library.articles.get(index).map_or("", |a| &a.title);
                let text = format!("could not open “{title}”: {why}");
                self.warn(text);
                return;
            }
        };
        self.screen = Screen::Reader;
        self.status = article.encoding.notice();
        let article = &article;
        // A large story is analysed along with its layout, off this thread.
        let analysis = if is_large(article) {
            Analysis::default()
        } else {
            self.stored_analysis(article)
        };
        let marks = Marks::new(&analysis, article.paragraphs.len());
        self.reader = Some(Reader {
            story: Arc::clone(article),
            scroll: 0,
            cursor: 0,
            view: View::default(),
            analysis: Arc::new(analysis),
            marks: Arc::new(marks),
            pending: None,
            quote: None,
            person: None,
            selection: None,
            passages: Vec::new(),
            search: None,
        });
        if self.settings.mark_read_on_open {
            self.mark_read_on_open(index);
        }
        self.locate_passages();
        self.relayout();
    }

    /// The story's analysis as kept in the story database, when it is there
    /// and fits the text; else made now, and kept for next time.
    pub(super) fn stored_analysis(&self, article: &Article) -> Analysis {
        super::analyse::stored_or_made(
            article,
            self.library.bodies.as_deref(),
            crate::library::Keeping::IfRoom,
        )
    }

    /// Re-wraps the open story when the text width changed, and keeps
    /// scroll positions valid for the new size.
    pub(super) fn relayout(&mut self) {
        let area = self.reader_area();
        if let (Some(reader), Some(area)) = (self.reader.as_mut(), area) {
            let (_, text_width) = reader_columns(area, self.settings.measure);
            let width = usize::from(text_width);
            if reader.view.width != width
                && reader.pending != Some(width)
                && is_large(&reader.story)
            {
                let article = &reader.story;
                // Keep showing what there is; the new layout arrives as Msg::Laid.
                let analysed = reader.pending.is_none() && reader.view.width > 0;
                self.effects.push(Effect::LayOut(Job::Layout {
                    article: Arc::clone(article),
                    analysis: analysed.then(|| Arc::clone(&reader.analysis)),
                    width,
                }));
                reader.pending = Some(width);
            } else if reader.view.width != width && reader.pending.is_none() {
                let article = &reader.story;
                // Keep the same paragraph at the top across a re-wrap.
                let top_para = (reader.scroll > 0)
                    .then(|| reader.view.para_at_or_after(reader.scroll))
                    .flatten();
                reader.view = View::new(article, &reader.analysis, width);
                if let Some(p) = top_para.and_then(|p| reader.view.para_lines.get(p)) {
                    reader.scroll = p.start.saturating_sub(1);
                }
            }
        }
        self.clamp_reader();
        self.follow_selection();
        self.relayout_bookmarks();
        self.relayout_people();
    }

    pub(super) fn clamp_reader(&mut self) {
        let rows = self.reader_rows();
        if let Some(r) = self.reader.as_mut() {
            let max = r.view.lines.len().saturating_sub(rows);
            r.scroll = r.scroll.min(max);
            // A narrower pane makes paragraphs taller: keep the cursor's in view.
            reveal_cursor(r, rows);
        }
    }
}

impl App {
    pub(super) fn laid(&mut self, laid: Laid) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        if reader.story.id != laid.id {
            return;
        }
        if reader.pending == Some(laid.width) {
            reader.pending = None;
        }
        let top_para = (reader.scroll > 0)
            .then(|| reader.view.para_at_or_after(reader.scroll))
            .flatten();
        reader.analysis = laid.analysis;
        reader.marks = laid.marks;
        reader.view = laid.view;
        if let Some(p) = top_para.and_then(|p| reader.view.para_lines.get(p)) {
            reader.scroll = p.start.saturating_sub(1);
        }
        // The pane may have changed size while this was being laid out.
        self.relayout();
    }
}
