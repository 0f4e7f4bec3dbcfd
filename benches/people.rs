//! The people index over 100,000 stories (written next).

fn main() {}
