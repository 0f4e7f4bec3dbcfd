//! Feeds: subscriptions, fetching, conversion to text and the local cache.
//!
//! Pure apart from `fetch` (the network) and the files of `subscriptions`
//! and `cache`; `refresh` ties them together and reports through a callback
//! so that the command line and the reader both use it.

pub mod cache;
pub mod convert;
pub mod fetch;
pub mod html;
pub mod refresh;
pub mod subscriptions;

pub use fetch::{FeedError, FetchConfig, Stage};
pub use refresh::{FeedDone, Outcome, RefreshEvent, cached_articles, refresh};
pub use subscriptions::{CacheLimits, Subscription, SubscriptionError, Subscriptions};
