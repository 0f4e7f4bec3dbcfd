//! A large story is held in memory once: reading, analysing and laying it
//! out stays within a small multiple of its size.
//!
//! Heap bytes are counted by this test binary's own allocator (see
//! `common/heap.rs`).

use std::sync::Arc;

use byline::app::{Job, Msg};
use byline::article::Format;
use byline::library::read_story;

#[path = "common/heap.rs"]
mod heap;

#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

/// About `bytes` of news-like paragraphs, with names and quotations for the
/// analysis to find, as one story file.
fn story(bytes: usize) -> String {
    let paragraphs = [
        "Harbour master Ilse Vandermeer said the cranes would stay idle until \
         Thursday. \"We cannot move a box until the wind drops,\" Vandermeer said.",
        "The union's negotiator, Tomasz Wierzbicki, 52, told reporters that talks \
         with the terminal operators had stalled over night shifts.",
        "\"Nobody here wants a strike,\" he said. \"But nobody wants to be told \
         the rota on a Sunday evening either.\"",
        "Operators said fewer than one in ten scheduled calls had been handled since \
         the walkout began, and that ships were queueing off the breakwater.",
    ];
    let mut text = String::from("title A long week at the port\ndate 2026-03-02 Rotterdam - ");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(paragraphs[i % paragraphs.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    text
}

#[test]
fn a_large_story_is_read_analysed_and_laid_out_in_under_three_times_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.txt");
    let text = story(8 * 1024 * 1024);
    let size = text.len();
    std::fs::write(&path, text).expect("write the story");

    let (peak, laid) = heap::peak_of(|| {
        let article = read_story(&path, Format::Plain).expect("the story reads");
        Job::Layout {
            article: Arc::new(article),
            analysis: None,
            width: 100,
        }
        .run()
    });
    let Msg::Laid(laid) = laid else {
        panic!("a layout job answers with the laid-out story");
    };
    assert!(!laid.analysis.quotes.is_empty() && !laid.view.lines.is_empty());

    let ratio = peak as f64 / size as f64;
    println!(
        "peak heap {:.1} MB for a {:.1} MB story: {ratio:.2} times its size",
        peak as f64 / 1e6,
        size as f64 / 1e6
    );
    assert!(
        ratio < 3.0,
        "peak heap {:.1} MB for a {:.1} MB story: {ratio:.2} times its size",
        peak as f64 / 1e6,
        size as f64 / 1e6
    );
}

/// mimalloc rounds each block up to its size class, 256 bytes and then 320.
/// Every story's list row lives in an `Arc`, two counters beside it, so one
/// field more past the class costs a 100,000-story library 6 MB.
#[test]
fn a_list_row_in_its_arc_fits_the_allocators_256_byte_class() {
    let block = std::mem::size_of::<byline::article::Article>() + 2 * std::mem::size_of::<usize>();
    assert!(block <= 256, "a list row takes {block} bytes");
}
