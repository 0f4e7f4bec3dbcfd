//! `byline config`: the configuration in force, every default written out;
//! with `--check`, only what is wrong with the file, and the exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::config::{self, Config, ConfigError, Env};
use byline::feed::subscriptions::CacheLimits;
use byline::store::{FeedPaths, config_file, default_save_dir};

/// The file this run reads: `--config FILE`, else `config.toml` in the
/// configuration directory; and whether it was named.
pub fn path(flag: Option<&Path>, state_dir: Option<&Path>) -> Result<(PathBuf, bool)> {
    match flag {
        Some(file) => Ok((file.to_path_buf(), true)),
        None => Ok((
            config_file(state_dir).context("could not find the configuration directory")?,
            false,
        )),
    }
}

fn env(state_dir: Option<&Path>) -> Env {
    let save_dir = default_save_dir(state_dir).unwrap_or_else(|_| PathBuf::from("."));
    Env::from_process(save_dir)
}

/// The configuration for this run, and what is wrong with its file.
pub fn load(flag: Option<&Path>, state_dir: Option<&Path>) -> Result<(Config, Vec<ConfigError>)> {
    let (file, named) = path(flag, state_dir)?;
    Ok(config::load(&file, named, &env(state_dir)))
}

/// Every default, for when there is no knowing where the file is.
pub fn defaults(state_dir: Option<&Path>) -> Config {
    Config::defaults(&env(state_dir))
}

/// The cache limits in force: `config.toml`'s, else those `feeds.toml` has.
pub fn cache_limits(config: &Config, state_dir: Option<&Path>) -> CacheLimits {
    config.cache.unwrap_or_else(|| {
        FeedPaths::resolve(state_dir)
            .ok()
            .and_then(|p| byline::feed::Subscriptions::load_with_warnings(&p.subscriptions).ok())
            .map(|(s, _)| s.cache)
            .unwrap_or_default()
    })
}

pub fn run(flag: Option<&Path>, state_dir: Option<&Path>, check: bool) -> Result<ExitCode> {
    let (config, errors) = load(flag, state_dir)?;
    for e in &errors {
        super::common::warn(e);
    }
    if check {
        if errors.is_empty() {
            let (file, _) = path(flag, state_dir)?;
            eprintln!(
                "byline: {} is a good configuration",
                byline::text::clean_line(&file.display().to_string())
            );
        }
    } else {
        super::common::write_out(&config.to_toml(cache_limits(&config, state_dir)))?;
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
