//! The article parser on any bytes a file could hold: decode, parse, map the
//! offsets back to the file. Nothing may panic and every paragraph's offsets
//! must stay inside the file.
#![no_main]

use byline::article::{Format, Origin, parse};
use byline::decode::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let format = if first & 1 == 0 {
        Format::Plain
    } else {
        Format::Markdown
    };
    let len = bytes.len();
    let Ok(decoded) = decode(bytes.to_vec()) else {
        return;
    };
    let mut article = parse(&decoded.text, format, Origin::Bundled("fuzz"), "fallback");
    let limit = match &decoded.map {
        Some(map) => {
            article.map_offsets_to_file(map);
            len
        }
        None => decoded.text.len(),
    };
    assert!(!article.title.is_empty());
    for p in &article.paragraphs {
        assert!(!p.text.is_empty());
        assert!(
            p.source().start <= p.source().end && p.source().end <= limit,
            "paragraph source {:?} outside the file of {limit} bytes",
            p.source()
        );
        let whole = p.source_range(0..p.text.len());
        assert!(
            whole.start <= whole.end && whole.end <= limit,
            "source_range {whole:?} outside the file of {limit} bytes"
        );
        for (i, _) in p.text.char_indices() {
            let r = p.source_range(i..p.text.len());
            assert!(r.end <= limit, "source_range({i}..) = {r:?} > {limit}");
        }
    }
});
