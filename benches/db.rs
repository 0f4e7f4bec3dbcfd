//! The story database's speed with 100,000 stories (being written).

fn main() {}
