//! A story as a document of its own: for saving (text or Markdown) and for
//! piping into another program.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::article::{Article, ParagraphKind};
use crate::config::SaveFormat;

/// Title, date, source, link, then the body.
pub fn document(article: &Article, format: SaveFormat) -> String {
    let mut out = String::new();
    let md = format == SaveFormat::Markdown;
    if md {
        out.push_str(&format!("# {}\n\n", article.title));
    } else {
        out.push_str(&format!("{}\n\n", article.title));
    }
    let mut facts = Vec::new();
    if let Some(d) = article.date {
        facts.push(("Date", d.to_string()));
    }
    if let Some(s) = &article.source {
        facts.push(("Source", s.to_string()));
    }
    if let Some(a) = &article.author {
        facts.push(("By", a.to_string()));
    }
    if let Some(u) = &article.url {
        facts.push(("Link", if md { format!("<{u}>") } else { u.clone() }));
    }
    for (name, value) in &facts {
        if md {
            // Two spaces: a line break in Markdown, not one run-on paragraph.
            out.push_str(&format!("{name}: {value}  \n"));
        } else {
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
    if !facts.is_empty() {
        out.push('\n');
    }
    for p in &article.paragraphs {
        let text = p.text.as_str();
        match (p.kind, md) {
            (ParagraphKind::Heading, true) => out.push_str(&format!("## {text}\n\n")),
            (ParagraphKind::Caption { .. }, true) => out.push_str(&format!("*{text}*\n\n")),
            _ => out.push_str(&format!("{text}\n\n")),
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A file name from a title: letters and digits kept, runs of anything
/// else one `-`, at most 80 characters; `story` when nothing is left.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
        if stem.chars().count() >= 80 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "story".to_string()
    } else {
        stem.to_string()
    }
}

/// Writes `text` to `dir/stem.ext`, or `stem-2.ext`, `stem-3.ext`... if
/// taken: a file is created new, never opened over another.
pub fn save_new(dir: &Path, stem: &str, extension: &str, text: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for n in 1..10_000 {
        let name = match n {
            1 => format!("{stem}.{extension}"),
            n => format!("{stem}-{n}.{extension}"),
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(text.as_bytes())?;
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("every numbered name is taken"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_the_titles_words() {
        assert_eq!(file_stem("Mayor: “No new taxes!”"), "mayor-no-new-taxes");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("¿?"), "story");
    }

    #[test]
    fn saving_twice_makes_a_second_numbered_file() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let first = save_new(dir.path(), "a", "md", "one").expect("saved");
        let second = save_new(dir.path(), "a", "md", "two").expect("saved");
        assert_eq!(first, dir.path().join("a.md"));
        assert_eq!(second, dir.path().join("a-2.md"));
        assert_eq!(std::fs::read_to_string(first).ok().as_deref(), Some("one"));
    }
}
