//! `byline analyze`: the people and quotations of stories, for scripts (JSON
//! Lines) and for people (a readable summary).
//!
//! Offsets in the JSON are byte offsets into the file as read, end exclusive:
//! analysis runs on each paragraph's display text and every span is mapped
//! back through the paragraph's offset map (and the decoding map, for files
//! that were not valid UTF-8 or were UTF-16).

use serde::Serialize;

use crate::analysis::{Analysis, QuoteKind, Span, analyze};
use crate::article::{Article, Date};

#[derive(Debug, Serialize)]
pub struct StoryReport<'a> {
    pub path: String,
    pub title: &'a str,
    pub date: Option<Date>,
    pub dateline: Option<&'a str>,
    pub people: Vec<PersonReport<'a>>,
    pub quotes: Vec<QuoteReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PersonReport<'a> {
    pub name: &'a str,
    pub mentions: Vec<Offsets>,
}

#[derive(Debug, Serialize)]
pub struct QuoteReport<'a> {
    pub start: usize,
    pub end: usize,
    /// The person who spoke, by the name in `people`; null when the text
    /// does not say or names a source that is not a person.
    pub speaker: Option<&'a str>,
    /// `speech` or `term` (a phrase in quotation marks: scare quotes, a title).
    pub kind: QuoteKind,
    /// Who spoke when it is not a person named in the story: the words as
    /// written and where they are. Never set together with `speaker`.
    pub source: Option<SourceReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SourceReport<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
}

/// Analyses an article's paragraphs.
pub fn analyze_article(article: &Article) -> Analysis {
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    analyze(&texts)
}

/// File offsets of a span of display text.
pub fn file_offsets(article: &Article, span: &Span) -> Offsets {
    let r = article
        .paragraphs
        .get(span.para)
        .map_or(span.range.clone(), |p| p.source_range(span.range.clone()));
    Offsets {
        start: r.start,
        end: r.end,
    }
}

pub fn report<'a>(article: &'a Article, analysis: &'a Analysis) -> StoryReport<'a> {
    StoryReport {
        path: article.origin.to_string(),
        title: &article.title,
        date: article.date,
        dateline: article.dateline.as_deref(),
        people: analysis
            .people
            .iter()
            .map(|p| PersonReport {
                name: &p.name,
                mentions: p
                    .mentions
                    .iter()
                    .map(|m| file_offsets(article, m))
                    .collect(),
            })
            .collect(),
        quotes: analysis
            .quotes
            .iter()
            .map(|q| {
                let o = file_offsets(article, &q.span);
                QuoteReport {
                    start: o.start,
                    end: o.end,
                    speaker: q
                        .speaker()
                        .and_then(|s| analysis.people.get(s))
                        .map(|p| p.name.as_str()),
                    kind: q.kind,
                    source: q.source().and_then(|s| {
                        let text = article.paragraphs.get(s.para)?.text.get(s.range.clone())?;
                        let o = file_offsets(article, s);
                        Some(SourceReport {
                            text,
                            start: o.start,
                            end: o.end,
                        })
                    }),
                }
            })
            .collect(),
    }
}

/// The readable summary: people with their mention counts, then each
/// quotation with its speaker.
pub fn summary(article: &Article, analysis: &Analysis) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let date = article.date.map(|d| format!(" ({d})")).unwrap_or_default();
    let _ = writeln!(out, "{}{date}", article.title);
    let _ = writeln!(
        out,
        "  {}",
        crate::text::clean_line(&article.origin.to_string())
    );
    if analysis.people.is_empty() {
        let _ = writeln!(out, "  no people named");
    } else {
        let _ = writeln!(out, "  people:");
        for p in &analysis.people {
            let _ = writeln!(out, "    {} ({})", p.name, p.mentions.len());
        }
    }
    if analysis.quotes.is_empty() {
        let _ = writeln!(out, "  no quotations");
    } else {
        let _ = writeln!(out, "  quotations:");
        for q in &analysis.quotes {
            let text = article
                .paragraphs
                .get(q.span.para)
                .and_then(|p| p.text.get(q.span.range.clone()))
                .unwrap_or("");
            let speaker = q
                .speaker()
                .and_then(|s| analysis.people.get(s))
                .map_or("(speaker not named)", |p| p.name.as_str());
            let _ = writeln!(out, "    {speaker}: {}", crate::article::shorten(text, 100));
        }
    }
    out
}

/// One line of `byline bookmarks --json`.
#[derive(Debug, Serialize)]
struct BookmarkLine<'a> {
    story_id: crate::article::ArticleId,
    title: &'a str,
    kind: &'static str,
    text: &'a str,
    note: Option<&'a str>,
    created: String,
    /// Passages only: who is named or quoted in it, and who is quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speakers: Option<&'a [String]>,
}

/// A bookmark to print, and for a passage what is in it now, when the
/// library was looked in.
pub struct Chosen<'a> {
    pub bookmark: crate::store::BookmarkRef<'a>,
    pub passage: Option<crate::app::PassageNow>,
    pub people: crate::app::PassagePeople,
}

/// The bookmarks to print, newest first: every one, or with `speaker` only
/// the passages with a quotation by them. Passages are looked up in
/// `library` when one is given (as the speaker needs).
pub fn chosen_bookmarks<'a>(
    store: &'a crate::store::Store,
    library: Option<&crate::library::Library>,
    speaker: Option<&str>,
) -> Vec<Chosen<'a>> {
    let mut analyses = std::collections::HashMap::new();
    store
        .bookmarks()
        .into_iter()
        .filter_map(|bookmark| {
            let passage = match (bookmark, library) {
                (crate::store::BookmarkRef::Passage(p), Some(library)) => {
                    Some(crate::app::passage_now(library, p, &mut analyses))
                }
                _ => None,
            };
            if let Some(name) = speaker
                && !passage.as_ref().is_some_and(|p| p.said_by(name))
            {
                return None;
            }
            let people = passage
                .as_ref()
                .map(|p| crate::app::PassagePeople::of(&p.analysis))
                .unwrap_or_default();
            Some(Chosen {
                bookmark,
                passage,
                people,
            })
        })
        .collect()
}

/// The bookmarks, one JSON object per line; passages looked up in the
/// library say who is in them.
pub fn bookmarks_json(chosen: &[Chosen<'_>]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    for c in chosen {
        let b = c.bookmark;
        let looked_up = c.passage.is_some();
        out.push_str(&crate::text::escape_json(serde_json::to_string(
            &BookmarkLine {
                story_id: b.story(),
                title: b.title(),
                kind: b.kind(),
                text: b.text(),
                note: b.note(),
                created: b.created().to_string(),
                people: looked_up.then_some(c.people.people.as_slice()),
                speakers: looked_up.then_some(c.people.speakers.as_slice()),
            },
        )?));
        out.push('\n');
    }
    Ok(out)
}

/// Every bookmark as a Markdown document: a section per story (newest
/// bookmark first) with its date and source, each passage a block quote
/// followed by its note.
pub fn bookmarks_markdown(
    chosen: &[Chosen<'_>],
    library: Option<&crate::library::Library>,
) -> String {
    use std::fmt::Write;
    let bookmarks: Vec<crate::store::BookmarkRef<'_>> = chosen.iter().map(|c| c.bookmark).collect();
    let mut stories: Vec<crate::article::ArticleId> = Vec::new();
    for b in &bookmarks {
        if !stories.contains(&b.story()) {
            stories.push(b.story());
        }
    }
    let mut out = String::from("# Bookmarks\n");
    for story in stories {
        let of_story: Vec<_> = bookmarks.iter().filter(|b| b.story() == story).collect();
        let Some(first) = of_story.first() else {
            continue;
        };
        let article = library.and_then(|library| library.articles.get(library.position(story)?));
        match article.and_then(|a| story_link(a)) {
            Some(link) => {
                let title = first.title().replace('[', "\\[").replace(']', "\\]");
                let _ = write!(out, "\n## [{title}](<{link}>)\n\n");
            }
            None => {
                let _ = write!(out, "\n## {}\n\n", first.title());
            }
        }
        let source = article.and_then(|a| a.source.clone());
        let details: Vec<String> = first
            .date()
            .map(|d| d.to_string())
            .into_iter()
            .chain(source.as_deref().map(str::to_string))
            .collect();
        if !details.is_empty() {
            let _ = writeln!(out, "*{}*\n", details.join(" · "));
        }
        for b in of_story {
            if b.kind() == "story" {
                let _ = writeln!(out, "Bookmarked the whole story.\n");
                continue;
            }
            for (i, para) in b.text().split(crate::store::PARAGRAPH_BREAK).enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                let _ = writeln!(out, "> {para}");
            }
            out.push('\n');
            if let Some(note) = b.note() {
                let _ = writeln!(out, "{note}\n");
            }
        }
    }
    out
}

/// Where a bookmarked story can be read again: its web link, else the
/// file it is in.
fn story_link(article: &crate::article::Article) -> Option<String> {
    let web = article
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    if let Some(url) = web {
        return Some(url.to_string());
    }
    match &article.origin {
        crate::article::Origin::Feed {
            link: Some(link), ..
        } => Some(link.clone()),
        crate::article::Origin::File(path) => Some(format!("file://{}", path.display())),
        _ => None,
    }
    // Angle brackets end the link: none may be inside it.
    .filter(|l| !l.contains(['<', '>', '\n']))
}

/// The bookmarks as readable text, newest first.
pub fn bookmarks_text(chosen: &[Chosen<'_>]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in chosen.iter().map(|c| c.bookmark) {
        let date = b.date().map(|d| format!(" ({d})")).unwrap_or_default();
        let _ = writeln!(out, "{} · {}{date}", b.kind(), b.title());
        if !b.text().is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                crate::article::shorten(&b.text().replace('\n', " "), 100)
            );
        }
        if let Some(note) = b.note() {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    if out.is_empty() {
        out.push_str("No bookmarks yet.\n");
    }
    out
}
