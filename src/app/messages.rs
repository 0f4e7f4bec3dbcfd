//! The message log: every warning and error the reader has had to give, in
//! full. The status bar has one line and the next key clears it; a warning
//! that the user's marks are not being saved must not vanish that way, so a
//! warning stays on the status bar until the log has been opened.

/// How much a message matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something the user must know: what they do may not be kept, or
    /// something they asked for failed.
    Warning,
    /// Kept for reading later, never pressed on the user.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    /// When it was given (the last time, for one given again).
    pub at: crate::store::Timestamp,
}

impl Message {
    /// "13:45:12": the time of day it was given, in UTC as the journal keeps it.
    pub fn time(&self) -> String {
        let full = self.at.to_string();
        full.get(11..19).unwrap_or("").to_string()
    }
}

/// The log stops growing here; the oldest messages go first.
const KEPT: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct Messages {
    entries: Vec<Message>,
    /// Entries before this one have been seen in the open log.
    seen: usize,
    /// First line shown in the open log.
    pub scroll: usize,
}

impl Messages {
    pub fn warn(&mut self, text: impl Into<String>) {
        self.push(Level::Warning, text.into());
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Level::Info, text.into());
    }

    fn push(&mut self, level: Level, text: String) {
        // Text from outside (paths, feed errors) may hold escape sequences.
        let text = crate::text::clean_line(&text);
        // The same warning again (every save failing) is one entry, not a
        // log full of it; it counts as unread again.
        let at = crate::store::Timestamp::now();
        if let Some(last) = self.entries.last_mut()
            && last.level == level
            && last.text == text
        {
            last.at = at;
            self.seen = self.seen.min(self.entries.len() - 1);
            return;
        }
        self.entries.push(Message { level, text, at });
        if self.entries.len() > KEPT {
            let over = self.entries.len() - KEPT;
            self.entries.drain(..over);
            self.seen = self.seen.saturating_sub(over);
        }
    }

    pub fn entries(&self) -> &[Message] {
        &self.entries
    }

    fn unread(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.entries
            .get(self.seen..)
            .unwrap_or_default()
            .iter()
            .filter(|m| m.level == Level::Warning)
    }

    /// The newest warning not yet seen in the log.
    pub fn unread_warning(&self) -> Option<&str> {
        self.unread().next_back().map(|m| m.text.as_str())
    }

    pub fn unread_warnings(&self) -> usize {
        self.unread().count()
    }

    /// Opens the log at its end, which marks everything in it seen.
    pub fn show(&mut self, width: usize, rows: usize) {
        self.seen = self.entries.len();
        self.scroll = self.lines(width).len().saturating_sub(rows);
    }

    /// The log as the overlay shows it at `width` columns: each message
    /// wrapped after its mark and time, oldest first.
    pub fn lines(&self, width: usize) -> Vec<(Level, String)> {
        let width = width.max(20);
        let mut out = Vec::new();
        for m in &self.entries {
            let mark = match m.level {
                Level::Warning => "⚠",
                Level::Info => "·",
            };
            let first = format!("{mark} {} ", m.time());
            let rest = " ".repeat(first.chars().count());
            let options = textwrap::Options::new(width)
                .initial_indent(&first)
                .subsequent_indent(&rest);
            for line in textwrap::wrap(&m.text, options) {
                out.push((m.level, line.into_owned()));
            }
        }
        out
    }

    /// Moves the open log by `by` lines, within its length.
    pub fn scroll_by(&mut self, by: isize, width: usize, rows: usize) {
        let max = self.lines(width).len().saturating_sub(rows);
        self.scroll = self.scroll.saturating_add_signed(by).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_stays_unread_until_the_log_is_shown() {
        let mut log = Messages::default();
        log.warn("cannot save: disk full");
        log.info("refreshed 3 feeds");
        assert_eq!(log.unread_warning(), Some("cannot save: disk full"));
        log.show(80, 10);
        assert_eq!(log.unread_warning(), None);
        assert_eq!(log.entries().len(), 2);
    }

    #[test]
    fn the_same_warning_twice_is_one_entry_unread_again() {
        let mut log = Messages::default();
        log.warn("cannot save");
        log.show(80, 10);
        log.warn("cannot save");
        assert_eq!(log.entries().len(), 1);
        assert_eq!(log.unread_warnings(), 1);
    }

    #[test]
    fn messages_are_cleaned_of_escape_sequences() {
        let mut log = Messages::default();
        log.warn("bad \u{1b}]0;owned\u{7} file");
        assert_eq!(log.unread_warning(), Some("bad file"));
    }

    #[test]
    fn long_messages_wrap_with_their_mark_on_the_first_line_only() {
        let mut log = Messages::default();
        log.warn("could not save bookmarks: the disk is full");
        let lines = log.lines(30);
        assert!(lines.len() > 1);
        let time = log.entries()[0].time();
        assert!(
            lines[0].1.starts_with(&format!("⚠ {time} could")),
            "{lines:?}"
        );
        assert!(lines[1..].iter().all(|(_, l)| l.starts_with("           ")));
    }

    #[test]
    fn each_message_shows_the_time_it_was_given() {
        let mut log = Messages::default();
        log.info("refreshed 3 feeds");
        let time = log.entries()[0].time();
        let [h, m, s] = [0..2, 3..5, 6..8].map(|r| time.get(r).and_then(|t| t.parse::<u8>().ok()));
        assert!(
            h.is_some_and(|h| h < 24) && m.is_some_and(|m| m < 60) && s.is_some_and(|s| s < 61),
            "{time}"
        );
        assert!(
            log.lines(80)[0]
                .1
                .starts_with(&format!("· {time} refreshed"))
        );
    }

    #[test]
    fn the_log_keeps_the_newest_entries() {
        let mut log = Messages::default();
        for i in 0..KEPT + 10 {
            log.info(format!("message {i}"));
        }
        assert_eq!(log.entries().len(), KEPT);
        assert_eq!(
            log.entries().last().map(|m| m.text.as_str()),
            Some(format!("message {}", KEPT + 9).as_str())
        );
    }
}
