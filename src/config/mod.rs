//! `config.toml`: keys, colours, layout, links, saving and piping.
//!
//! Every setting has a default, so an empty or missing file is a whole
//! configuration. A mistake costs only the setting it is in: that setting
//! keeps its default and the mistake is reported with its file and line.
//! Parsing is pure; [`load`] is the one function that reads a file.

pub mod keys;
pub mod layout;
pub mod links;
pub mod theme;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{Item, Value};

pub use layout::{Column, DateFormat, SortOrder};
pub use links::{Browser, Command, Launch};

use crate::feed::subscriptions::CacheLimits;
use crate::keymap::{BadKey, Keymap};
use crate::ui::{Builtin, Element, Theme};

/// What the app does, as the file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The reading measure: the widest the story's text column gets.
    pub measure: u16,
    pub mark_read_on_open: bool,
    /// Feeds refreshed this often while the reader is open; `None`: never.
    pub auto_refresh_minutes: Option<std::num::NonZeroU32>,
    pub date_format: DateFormat,
    /// The list's columns, in order; always holds the headline.
    pub columns: Vec<Column>,
    pub sort: SortOrder,
    pub browser: Browser,
    /// Whether `y` in the links view copies with OSC 52.
    pub clipboard: bool,
    pub save_dir: PathBuf,
    pub save_format: SaveFormat,
    pub pipe: Command,
}

impl Default for Settings {
    /// The defaults with no `$BROWSER`, saving into the current directory.
    fn default() -> Settings {
        Config::defaults(&Env::default()).settings
    }
}

/// How a saved story is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveFormat {
    Markdown,
    Text,
}

impl SaveFormat {
    pub fn name(self) -> &'static str {
        match self {
            SaveFormat::Markdown => "markdown",
            SaveFormat::Text => "text",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SaveFormat::Markdown => "md",
            SaveFormat::Text => "txt",
        }
    }
}

/// What the defaults depend on outside the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `$BROWSER`.
    pub browser: Option<String>,
    /// `$HOME`, for `~/` in paths.
    pub home: Option<PathBuf>,
    /// Where stories are saved unless the file says.
    pub save_dir: PathBuf,
    /// False under `NO_COLOR`.
    pub color: bool,
}

impl Env {
    /// The process's environment, with the save directory given.
    pub fn from_process(save_dir: PathBuf) -> Env {
        Env {
            browser: std::env::var("BROWSER").ok(),
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            save_dir,
            color: crate::ui::theme::no_color_unset(),
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    /// The built-in theme the colours start from.
    pub builtin: Builtin,
    pub settings: Settings,
    /// Set when `config.toml` has `[cache]`; else `feeds.toml`'s limits hold.
    pub cache: Option<CacheLimits>,
}

impl Config {
    pub fn defaults(env: &Env) -> Config {
        Config {
            keymap: Keymap::default(),
            theme: Theme::builtin(Builtin::Dark, env.color),
            builtin: Builtin::Dark,
            settings: Settings {
                measure: crate::layout::MEASURE,
                mark_read_on_open: true,
                auto_refresh_minutes: None,
                date_format: DateFormat::default(),
                columns: Column::ALL.to_vec(),
                sort: SortOrder::NewestFirst,
                browser: Browser::from_env(env.browser.as_deref()),
                clipboard: true,
                save_dir: env.save_dir.clone(),
                save_format: SaveFormat::Markdown,
                pipe: Command {
                    program: "less".to_string(),
                    args: Vec::new(),
                },
            },
            cache: None,
        }
    }
}

/// Something wrong in a configuration file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based; 0 when the whole file is meant.
    pub line: usize,
    /// The setting's dotted name (`keys.list.down`); empty for the file.
    pub setting: String,
    pub problem: Problem,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, " line {}", self.line)?;
        }
        if !self.setting.is_empty() {
            write!(f, ", {}", self.setting)?;
        }
        let then = match self.problem {
            Problem::Syntax(_) | Problem::Unreadable(_) => "every setting has its default",
            _ => "it keeps its default",
        };
        write!(f, ": {}; {then}", self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// What is wrong with a setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("not TOML: {0}")]
    Syntax(String),
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("no such setting (known here: {0})")]
    Unknown(String),
    #[error("no such action (`byline config` lists them)")]
    UnknownAction,
    #[error("{action} does nothing in the {scope}")]
    NotInScope {
        action: &'static str,
        scope: &'static str,
    },
    #[error("expected {0}")]
    Expected(&'static str),
    #[error(transparent)]
    Key(BadKey),
    #[error(transparent)]
    Style(theme::BadStyle),
    #[error(transparent)]
    DateFormat(layout::BadDateFormat),
    #[error("{key} is {holder}'s in the {scope}, so {action} keeps {kept}")]
    Conflict {
        key: String,
        holder: &'static str,
        action: &'static str,
        scope: &'static str,
        kept: String,
    },
}

/// Walks the parsed file, collecting what is wrong with it.
pub(crate) struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    errors: Vec<ConfigError>,
}

type Span = Option<Range<usize>>;

impl<'a> Reader<'a> {
    fn line(&self, span: &Span) -> usize {
        span.as_ref().map_or(0, |s| {
            self.text
                .get(..s.start)
                .map_or(0, |before| before.matches('\n').count())
                + 1
        })
    }

    fn error(&mut self, span: Span, setting: String, problem: Problem) {
        let line = self.line(&span);
        self.errors.push(ConfigError {
            file: self.file.to_path_buf(),
            line,
            setting,
            problem,
        });
    }

    /// The entries of a table, with where each is; a value that is no
    /// table is reported and has none.
    fn entries<'i>(&mut self, item: &'i Item, setting: &str) -> Vec<(String, Span, &'i Item)> {
        let Some(table) = item.as_table_like() else {
            self.error(
                item.span(),
                setting.to_string(),
                Problem::Expected("a table"),
            );
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(name, _)| {
                let (key, value) = table.get_key_value(name)?;
                Some((name.to_string(), key.span().or_else(|| value.span()), value))
            })
            .collect()
    }

    /// A string, or a list of strings.
    fn strings(&mut self, item: &Item, span: Span, setting: &str) -> Option<Vec<String>> {
        match item.as_value() {
            Some(Value::String(s)) => Some(vec![s.value().clone()]),
            Some(Value::Array(a)) => {
                let words: Option<Vec<String>> =
                    a.iter().map(|v| v.as_str().map(str::to_string)).collect();
                if words.is_none() {
                    self.error(span, setting.to_string(), Problem::Expected("strings"));
                }
                words
            }
            _ => {
                self.error(
                    span,
                    setting.to_string(),
                    Problem::Expected("a string or a list of strings"),
                );
                None
            }
        }
    }

    fn string(&mut self, item: &Item, span: Span, setting: &str) -> Option<String> {
        let s = item.as_str().map(str::to_string);
        if s.is_none() {
            self.error(span, setting.to_string(), Problem::Expected("a string"));
        }
        s
    }

    fn bool(&mut self, item: &Item, span: Span, setting: &str) -> Option<bool> {
        let b = item.as_bool();
        if b.is_none() {
            self.error(
                span,
                setting.to_string(),
                Problem::Expected("true or false"),
            );
        }
        b
    }

    /// A whole number in `range`; `expected` says which, in words.
    fn number(
        &mut self,
        item: &Item,
        span: Span,
        setting: &str,
        range: std::ops::RangeInclusive<i64>,
        expected: &'static str,
    ) -> Option<i64> {
        let n = item.as_integer().filter(|n| range.contains(n));
        if n.is_none() {
            self.error(span, setting.to_string(), Problem::Expected(expected));
        }
        n
    }
}

const TOP: &[&str] = &[
    "theme", "colors", "keys", "reader", "list", "links", "save", "pipe", "cache",
];

/// Reads a configuration from its text. What is wrong keeps its default
/// and is returned beside it, file and line named.
pub fn parse(text: &str, file: &Path, env: &Env) -> (Config, Vec<ConfigError>) {
    let mut config = Config::defaults(env);
    let mut r = Reader {
        text,
        file,
        errors: Vec::new(),
    };
    let doc = match toml_edit::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span();
            let message = e.message().trim().to_string();
            r.error(span, String::new(), Problem::Syntax(message));
            return (config, r.errors);
        }
    };
    // The theme first: colours are changes to it.
    if let Some((key, item)) = doc.get_key_value("theme") {
        let span = key.span();
        if let Some(name) = r.string(item, span.clone(), "theme") {
            match Builtin::from_name(&name) {
                Some(b) => {
                    config.builtin = b;
                    config.theme = Theme::builtin(b, env.color);
                }
                None => r.error(
                    span,
                    "theme".into(),
                    Problem::Expected("\"dark\" or \"light\""),
                ),
            }
        }
    }
    for (name, item) in doc.iter() {
        let span = doc
            .get_key_value(name)
            .and_then(|(k, _)| k.span())
            .or_else(|| item.span());
        match name {
            "theme" => {}
            "colors" => colors(&mut r, item, &mut config.theme),
            "keys" => keys::apply(&mut r, item, &mut config.keymap),
            "reader" => reader(&mut r, item, &mut config.settings),
            "list" => list(&mut r, item, &mut config.settings),
            "links" => links(&mut r, item, &mut config.settings),
            "save" => save(&mut r, item, env, &mut config.settings),
            "pipe" => pipe(&mut r, item, &mut config.settings),
            "cache" => config.cache = Some(cache(&mut r, item)),
            other => r.error(span, other.to_string(), Problem::Unknown(TOP.join(", "))),
        }
    }
    (config, r.errors)
}

/// Reads the file at `path`. A missing file is the defaults, unless it was
/// named (`--config FILE`): then it is an error too.
pub fn load(path: &Path, named: bool, env: &Env) -> (Config, Vec<ConfigError>) {
    match crate::bounded::read_to_string(path, 1024 * 1024, "the configuration file") {
        Ok(text) => parse(&text, path, env),
        Err(e) if e.is_not_found() && !named => (Config::defaults(env), Vec::new()),
        Err(e) => (
            Config::defaults(env),
            vec![ConfigError {
                file: path.to_path_buf(),
                line: 0,
                setting: String::new(),
                problem: Problem::Unreadable(e.to_string()),
            }],
        ),
    }
}

fn unknown(r: &mut Reader<'_>, span: Span, setting: String, known: &[&str]) {
    r.error(span, setting, Problem::Unknown(known.join(", ")));
}

fn colors(r: &mut Reader<'_>, item: &Item, theme: &mut Theme) {
    for (name, span, value) in r.entries(item, "colors") {
        let setting = format!("colors.{name}");
        if name == "people" {
            let Some(words) = r.strings(value, span.clone(), &setting) else {
                continue;
            };
            match words.iter().map(|w| theme::parse_color(w)).collect() {
                Ok(colors) => theme.set_people(colors),
                Err(e) => r.error(span, setting, Problem::Style(e)),
            }
            continue;
        }
        let Some(element) = Element::from_name(&name) else {
            let mut known: Vec<&str> = Element::ALL.iter().map(|e| e.name()).collect();
            known.push("people");
            unknown(r, span, setting, &known);
            continue;
        };
        let Some(text) = r.string(value, span.clone(), &setting) else {
            continue;
        };
        match theme::parse_style(&text) {
            Ok(style) => theme.set(element, style),
            Err(e) => r.error(span, setting, Problem::Style(e)),
        }
    }
}

fn reader(r: &mut Reader<'_>, item: &Item, s: &mut Settings) {
    const KNOWN: &[&str] = &["measure", "mark_read_on_open", "auto_refresh_minutes"];
    for (name, span, value) in r.entries(item, "reader") {
        let setting = format!("reader.{name}");
        match name.as_str() {
            "measure" => {
                if let Some(n) = r.number(
                    value,
                    span,
                    &setting,
                    20..=1000,
                    "a whole number of columns from 20 to 1000",
                ) {
                    s.measure = u16::try_from(n).unwrap_or(s.measure);
                }
            }
            "mark_read_on_open" => {
                if let Some(b) = r.bool(value, span, &setting) {
                    s.mark_read_on_open = b;
                }
            }
            "auto_refresh_minutes" => {
                if let Some(n) = r.number(
                    value,
                    span,
                    &setting,
                    0..=10_080,
                    "a whole number of minutes from 0 (never) to 10080 (a week)",
                ) {
                    s.auto_refresh_minutes =
                        u32::try_from(n).ok().and_then(std::num::NonZeroU32::new);
                }
            }
            _ => unknown(r, span, setting, KNOWN),
        }
    }
}

fn list(r: &mut Reader<'_>, item: &Item, s: &mut Settings) {
    const KNOWN: &[&str] = &["columns", "date_format", "sort"];
    for (name, span, value) in r.entries(item, "list") {
        let setting = format!("list.{name}");
        match name.as_str() {
            "columns" => {
                let Some(words) = r.strings(value, span.clone(), &setting) else {
                    continue;
                };
                let columns: Option<Vec<Column>> =
                    words.iter().map(|w| Column::from_name(w)).collect();
                match columns {
                    Some(c) if c.contains(&Column::Headline) => s.columns = c,
                    _ => r.error(
                        span,
                        setting,
                        Problem::Expected(
                            "a list of marks, date, headline, source, with the headline",
                        ),
                    ),
                }
            }
            "date_format" => {
                if let Some(text) = r.string(value, span.clone(), &setting) {
                    match DateFormat::parse(&text) {
                        Ok(f) => s.date_format = f,
                        Err(e) => r.error(span, setting, Problem::DateFormat(e)),
                    }
                }
            }
            "sort" => {
                if let Some(text) = r.string(value, span.clone(), &setting) {
                    match SortOrder::from_name(&text) {
                        Some(o) => s.sort = o,
                        None => {
                            r.error(span, setting, Problem::Expected("\"newest\" or \"oldest\""))
                        }
                    }
                }
            }
            _ => unknown(r, span, setting, KNOWN),
        }
    }
}

fn links(r: &mut Reader<'_>, item: &Item, s: &mut Settings) {
    const KNOWN: &[&str] = &["browser", "terminal", "clipboard"];
    let mut command = s.browser.command.clone();
    let mut terminal = None;
    for (name, span, value) in r.entries(item, "links") {
        let setting = format!("links.{name}");
        match name.as_str() {
            "browser" => {
                let words = match value.as_str() {
                    Some(line) => Some(line.split_whitespace().map(str::to_string).collect()),
                    None => r.strings(value, span.clone(), &setting),
                };
                match words.and_then(Command::from_words) {
                    Some(c) => command = Some(c),
                    None => r.error(
                        span,
                        setting,
                        Problem::Expected("a program and its arguments"),
                    ),
                }
            }
            "terminal" => terminal = r.bool(value, span, &setting),
            "clipboard" => {
                if let Some(b) = r.bool(value, span, &setting) {
                    s.clipboard = b;
                }
            }
            _ => unknown(r, span, setting, KNOWN),
        }
    }
    s.browser = Browser::new(command, terminal);
}

fn save(r: &mut Reader<'_>, item: &Item, env: &Env, s: &mut Settings) {
    const KNOWN: &[&str] = &["directory", "format"];
    for (name, span, value) in r.entries(item, "save") {
        let setting = format!("save.{name}");
        match name.as_str() {
            "directory" => {
                if let Some(text) = r.string(value, span.clone(), &setting) {
                    match (text.strip_prefix("~/"), &env.home) {
                        (Some(rest), Some(home)) => s.save_dir = home.join(rest),
                        (Some(_), None) => {
                            r.error(span, setting, Problem::Expected("a path; ~ needs $HOME"))
                        }
                        (None, _) if text.is_empty() => {
                            r.error(span, setting, Problem::Expected("a path"))
                        }
                        (None, _) => s.save_dir = PathBuf::from(text),
                    }
                }
            }
            "format" => match r.string(value, span.clone(), &setting).as_deref() {
                Some("markdown") => s.save_format = SaveFormat::Markdown,
                Some("text") => s.save_format = SaveFormat::Text,
                Some(_) => r.error(span, setting, Problem::Expected("\"markdown\" or \"text\"")),
                None => {}
            },
            _ => unknown(r, span, setting, KNOWN),
        }
    }
}

fn pipe(r: &mut Reader<'_>, item: &Item, s: &mut Settings) {
    for (name, span, value) in r.entries(item, "pipe") {
        let setting = format!("pipe.{name}");
        if name != "command" {
            unknown(r, span, setting, &["command"]);
            continue;
        }
        let words = match value.as_str() {
            Some(line) => Some(line.split_whitespace().map(str::to_string).collect()),
            None => r.strings(value, span.clone(), &setting),
        };
        match words.and_then(Command::from_words) {
            Some(c) => s.pipe = c,
            None => r.error(
                span,
                setting,
                Problem::Expected("a program and its arguments"),
            ),
        }
    }
}

fn cache(r: &mut Reader<'_>, item: &Item) -> CacheLimits {
    const KNOWN: &[&str] = &["max_age_days", "max_stories_per_feed"];
    let mut limits = CacheLimits::default();
    for (name, span, value) in r.entries(item, "cache") {
        let setting = format!("cache.{name}");
        match name.as_str() {
            "max_age_days" => {
                if let Some(n) = r.number(
                    value,
                    span,
                    &setting,
                    1..=36_500,
                    "a whole number of days from 1 to 36500",
                ) {
                    limits.max_age_days = u32::try_from(n).unwrap_or(limits.max_age_days);
                }
            }
            "max_stories_per_feed" => {
                if let Some(n) = r.number(
                    value,
                    span,
                    &setting,
                    1..=1_000_000,
                    "a whole number of stories from 1 to 1000000",
                ) {
                    limits.max_stories_per_feed =
                        usize::try_from(n).unwrap_or(limits.max_stories_per_feed);
                }
            }
            _ => unknown(r, span, setting, KNOWN),
        }
    }
    limits
}

/// A TOML string.
pub(crate) fn quoted(text: &str) -> String {
    Value::from(text).to_string().trim().to_string()
}

fn list_of(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| quoted(w)).collect();
    format!("[{}]", quoted.join(", "))
}

impl Config {
    /// The configuration in force as a file, every default written out and
    /// explained, to start one's own from. `cache` is what holds today
    /// (from `feeds.toml` when this file has none).
    pub fn to_toml(&self, cache: CacheLimits) -> String {
        let s = &self.settings;
        let mut out = String::from(
            "# byline's configuration, as in force: every setting, with its default or\n\
             # the value the file gave. Anything left out keeps its default.\n\n",
        );
        out.push_str(&format!(
            "# \"dark\" or \"light\"; [colors] changes it element by element.\n\
             theme = {}\n",
            quoted(self.builtin.name())
        ));
        out.push_str(
            "\n# A style: a colour (an ANSI name such as red or lightblue, a number 0-255,\n\
             # or #rrggbb), \"on\" and a background colour, and modifiers (bold, italic,\n\
             # underlined, reversed, dim, crossed_out); \"none\" is the terminal's own.\n\
             # NO_COLOR drops every colour and keeps the modifiers.\n[colors]\n",
        );
        for e in Element::ALL {
            out.push_str(&format!(
                "{} = {}\n",
                e.name(),
                quoted(&theme::style_name(self.theme.configured(e)))
            ));
        }
        let people: Vec<String> = self
            .theme
            .people_colors()
            .iter()
            .map(|c| theme::color_name(*c))
            .collect();
        out.push_str(&format!(
            "# People's names are bold, each person in the next of these colours.\npeople = {}\n",
            list_of(&people)
        ));
        out.push_str(
            "\n# Keys: each action has a list of keys (\"j\", \"G\", \"Ctrl-n\", \"Enter\", \"Esc\",\n\
             # \"Tab\", \"Space\", \"Up\", \"PageDown\", \"Home\"...); [] unbinds it. A key may mean\n\
             # one action per pane, and a global one in no pane.\n",
        );
        keys::print(&self.keymap, &mut out);
        out.push_str(&format!(
            "\n[reader]\n\
             # The widest the story's text runs, in columns.\n\
             measure = {}\n\
             # Whether opening a story marks it read.\n\
             mark_read_on_open = {}\n\
             # Refresh the feeds this often while byline is open; 0: never.\n\
             auto_refresh_minutes = {}\n",
            s.measure,
            s.mark_read_on_open,
            s.auto_refresh_minutes.map_or(0, std::num::NonZeroU32::get)
        ));
        let columns: Vec<String> = s.columns.iter().map(|c| c.name().to_string()).collect();
        out.push_str(&format!(
            "\n[list]\n\
             # Any of marks, date, headline, source, in any order; the headline must be there.\n\
             columns = {}\n\
             # %Y year, %y two-digit year, %m month, %b month name, %d day, %e day unpadded.\n\
             date_format = {}\n\
             # \"newest\" or \"oldest\" first.\n\
             sort = {}\n",
            list_of(&columns),
            quoted(s.date_format.pattern()),
            quoted(s.sort.name())
        ));
        let browser = match &s.browser.command {
            Some(c) => format!("browser = {}\n", list_of(&c.words())),
            None => "# browser = [\"firefox\", \"--new-tab\", \"%u\"]  (unset: $BROWSER, else the system's opener)\n"
                .to_string(),
        };
        out.push_str(&format!(
            "\n[links]\n\
             # A program and its arguments, never a shell line; %u is the address, else\n\
             # it comes last. Text browsers (lynx, w3m, links, elinks, browsh, carbonyl)\n\
             # get the terminal; say terminal = true or false to choose.\n\
             {browser}\
             terminal = {}\n\
             # Whether y in the links view copies an address (with OSC 52).\n\
             clipboard = {}\n",
            s.browser.terminal, s.clipboard
        ));
        out.push_str(&format!(
            "\n[save]\n\
             # Where S saves stories, each named from its title, never overwriting.\n\
             directory = {}\n\
             # \"markdown\" or \"text\".\n\
             format = {}\n",
            quoted(&s.save_dir.to_string_lossy()),
            quoted(s.save_format.name())
        ));
        out.push_str(&format!(
            "\n[pipe]\n\
             # What | sends the story's text to, with the terminal handed over.\n\
             command = {}\n",
            list_of(&s.pipe.words())
        ));
        out.push_str(&format!(
            "\n[cache]\n\
             # Stories that left their feed are dropped after this many days...\n\
             max_age_days = {}\n\
             # ...and at most this many are kept per feed. (Read from feeds.toml too.)\n\
             max_stories_per_feed = {}\n",
            cache.max_age_days, cache.max_stories_per_feed
        ));
        out
    }
}

#[cfg(test)]
mod tests;
