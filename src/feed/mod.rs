//! Feeds: subscriptions, fetching, conversion to text, and their stories in
//! the story database.
//!
//! Pure apart from `fetch` and `full_text` (the network), the files of `subscriptions` and
//! the database of `stored`; `refresh` ties them together and reports
//! through a callback so that the command line and the reader both use it.

pub mod cache;
pub mod convert;
pub mod fetch;
pub mod full_text;
pub mod html;
pub mod refresh;
pub mod stored;
pub mod subscriptions;

pub use fetch::{FeedError, FetchConfig, Stage};
pub use full_text::FullTextError;
pub use refresh::{
    FeedDone, Outcome, PageDone, PageOutcome, RefreshEvent, fetch_full_text, refresh,
};
pub use subscriptions::{CacheLimits, Subscription, SubscriptionError, Subscriptions};
