//! Programs byline hands things to: the browser for links, the pipe
//! command for a story's text. Each is a program and its arguments, never
//! a shell command line, so nothing in a link or a story is ever run.

/// A program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub program: String,
    pub args: Vec<String>,
}

impl Command {
    /// Words to a command; `None` when there are none.
    pub fn from_words(words: Vec<String>) -> Option<Command> {
        let mut words = words.into_iter().filter(|w| !w.is_empty());
        let program = words.next()?;
        Some(Command {
            program,
            args: words.collect(),
        })
    }

    /// A command written as one line: split at white space.
    pub fn from_line(line: &str) -> Option<Command> {
        Command::from_words(line.split_whitespace().map(str::to_string).collect())
    }

    pub fn words(&self) -> Vec<String> {
        std::iter::once(self.program.clone())
            .chain(self.args.iter().cloned())
            .collect()
    }

    /// The program's file name, for telling browsers apart.
    fn basename(&self) -> &str {
        self.program
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.program)
    }
}

/// Browsers that draw in the terminal they are started from: byline gives
/// them the terminal and waits, as for `less`.
pub const TEXT_BROWSERS: &[&str] = &["lynx", "w3m", "links", "elinks", "browsh", "carbonyl"];

/// How links are opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    /// `None`: the system's opener (`xdg-open`, `open`).
    pub command: Option<Command>,
    /// Run in the terminal (byline hands it over and waits) or detached.
    pub terminal: bool,
}

impl Browser {
    /// The browser a command names, in the terminal if it is a known text
    /// browser unless `terminal` says otherwise.
    pub fn new(command: Option<Command>, terminal: Option<bool>) -> Browser {
        let text = command
            .as_ref()
            .is_some_and(|c| TEXT_BROWSERS.contains(&c.basename()));
        Browser {
            command,
            terminal: terminal.unwrap_or(text),
        }
    }

    /// The browser `$BROWSER` names: a program perhaps with arguments, or a
    /// `:`-separated list of which the first is used.
    pub fn from_env(browser: Option<&str>) -> Browser {
        let command = browser
            .and_then(|b| b.split(':').map(str::trim).find(|p| !p.is_empty()))
            .and_then(Command::from_line);
        Browser::new(command, None)
    }

    /// What to run to open `url`: `%u` in an argument is replaced by it,
    /// else it is the last argument, one of its own.
    pub fn launch(&self, url: &str) -> Launch {
        let (program, args) = match &self.command {
            Some(c) => (c.program.clone(), c.args.clone()),
            None if cfg!(target_os = "macos") => ("open".to_string(), Vec::new()),
            None => ("xdg-open".to_string(), Vec::new()),
        };
        let placed = args.iter().any(|a| a.contains("%u"));
        let mut args: Vec<String> = args.into_iter().map(|a| a.replace("%u", url)).collect();
        if !placed {
            args.push(url.to_string());
        }
        Launch {
            program,
            args,
            terminal: self.terminal,
            input: None,
        }
    }
}

/// A program for the shell to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: String,
    pub args: Vec<String>,
    /// Given the terminal and waited for; else detached, output dropped.
    pub terminal: bool,
    /// Written to its standard input, which is then closed.
    pub input: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_replaces_percent_u_or_comes_last_as_one_argument() {
        let url = "https://x.example/a?b=1;rm -rf ~&c=$(id)";
        let firefox = Browser::from_env(Some("firefox --new-tab:chromium")).launch(url);
        assert_eq!(firefox.program, "firefox");
        assert_eq!(firefox.args, ["--new-tab", url]);
        let placed = Browser::new(Command::from_line("w3m -o x %u -y"), None).launch(url);
        assert_eq!(placed.args, ["-o", "x", url, "-y"]);
    }

    #[test]
    fn known_text_browsers_run_in_the_terminal_and_others_detached() {
        assert!(Browser::from_env(Some("/usr/bin/lynx -nocolor")).terminal);
        assert!(Browser::from_env(Some("w3m")).terminal);
        assert!(!Browser::from_env(Some("firefox")).terminal);
        assert!(!Browser::from_env(None).terminal);
        assert!(!Browser::new(Command::from_line("lynx"), Some(false)).terminal);
    }

    #[test]
    fn without_a_browser_the_system_opener_gets_the_link() {
        let launch = Browser::from_env(None).launch("https://x.example/");
        assert!(["xdg-open", "open"].contains(&launch.program.as_str()));
        assert_eq!(launch.args, ["https://x.example/"]);
    }
}
