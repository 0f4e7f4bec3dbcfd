//! The real binary in a pseudo-terminal: keys in, screen read back.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

mod common;

use common::server::{Route, Server};

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    /// Every byte the program wrote to the terminal.
    raw: Vec<u8>,
    /// Where the program keeps its state, when the session made it.
    _home: Option<tempfile::TempDir>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str], rows: u16, cols: u16) -> Session {
        Session::start_with(args, &[], rows, cols)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_byline"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(std::env::temp_dir());
        // Never the user's own read marks and bookmarks.
        let home = match env.iter().find(|(k, _)| *k == "BYLINE_HOME") {
            Some(_) => None,
            None => {
                let dir = tempfile::tempdir().unwrap();
                cmd.env("BYLINE_HOME", dir.path());
                Some(dir)
            }
        };
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            writer,
            output,
            screen: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            _home: home,
            _master: pair.master,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.screen.process(&bytes);
            self.raw.extend(bytes);
        }
        while let Ok(bytes) = self.output.try_recv() {
            self.screen.process(&bytes);
            self.raw.extend(bytes);
        }
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen if it never does.
    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("the screen to show {text:?}"), |screen| {
            screen.contains(text)
        });
    }

    /// Waits until `ready` holds for the screen's text; the program runs on
    /// its own time, so every check of the screen waits rather than looks once.
    fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(50));
            if ready(&self.contents()) {
                return;
            }
        }
        panic!("waited in vain for {what}:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Whether the terminal is back in cooked mode (line editing and echo on).
    fn cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self._master.get_termios().unwrap();
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    fn pid(&self) -> nix::unistd::Pid {
        let pid = self.child.process_id().unwrap();
        nix::unistd::Pid::from_raw(i32::try_from(pid).unwrap())
    }

    fn signal(&self, signal: nix::sys::signal::Signal) {
        nix::sys::signal::kill(self.pid(), signal).unwrap();
    }

    /// Waits until the process is stopped (state `T` in /proc), as a shell
    /// would see it on `waitpid` with `WUNTRACED`.
    fn wait_stopped(&mut self) {
        let stat = format!("/proc/{}/stat", self.pid());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(20));
            let text = std::fs::read_to_string(&stat).unwrap();
            // The command name, in parentheses, may hold anything; the state follows it.
            let state = text.rsplit_once(')').unwrap().1.trim_start().chars().next();
            if state == Some('T') {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "byline never stopped (state {state:?}):\n{}",
                self.contents()
            );
        }
    }

    /// Waits until the terminal is in raw mode (no line editing, no echo).
    fn wait_raw(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.cooked() {
            self.pump(Duration::from_millis(20));
            assert!(
                Instant::now() < deadline,
                "raw mode never came back:\n{}",
                self.contents()
            );
        }
    }

    /// Waits until the program has written `needle` since byte `from` of its output.
    fn wait_for_bytes(&mut self, from: usize, needle: &[u8]) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !contains(&self.raw[from..], needle) {
            self.pump(Duration::from_millis(20));
            assert!(
                Instant::now() < deadline,
                "{:?} was never written:\n{}",
                String::from_utf8_lossy(needle),
                self.contents()
            );
        }
    }

    /// Asserts the terminal is as the program found it: cooked mode, the
    /// main screen, no mouse reporting, the last word on each in the
    /// output being the one that turns it off.
    fn assert_terminal_given_back(&self) {
        assert!(self.cooked(), "raw mode was left");
        let screen = self.screen.screen();
        assert!(!screen.alternate_screen(), "the alternate screen was left");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting was turned off"
        );
        for (on, off) in [
            (&b"\x1b[?1049h"[..], &b"\x1b[?1049l"[..]),
            (b"\x1b[?1000h", b"\x1b[?1000l"),
        ] {
            assert!(
                last_position(&self.raw, off) > last_position(&self.raw, on),
                "{:?} was not undone",
                String::from_utf8_lossy(on)
            );
        }
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(100));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "byline did not exit:\n{}",
                self.contents()
            );
        }
    }
}

#[test]
fn the_reader_opens_a_story_from_the_keyboard_and_quits_cleanly() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");
    let mut s = Session::start(&[fixtures], 30, 100);
    s.wait_for("4 stories");
    assert!(
        s.screen.screen().alternate_screen(),
        "the reader runs on the alternate screen"
    );
    s.send("\r");
    s.wait_for("Marit Solheim");
    s.send("?");
    s.wait_for("closes");
    s.send("x");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !s.screen.screen().alternate_screen(),
        "the alternate screen was left"
    );
}

#[test]
fn the_bundled_library_shows_with_no_arguments() {
    let mut s = Session::start(&[], 30, 120);
    s.wait_for("12 stories");
    s.send("\x03");
    assert!(s.wait_exit().success());
    assert!(!s.screen.screen().alternate_screen());
}

#[test]
fn a_resize_redraws_for_the_new_size() {
    let mut s = Session::start(&[], 30, 120);
    s.wait_for("12 stories");
    // A key answered first: the input thread is reading, so the resize that
    // follows is not sent before anything listens for it.
    s.send("?");
    s.wait_for(" Keys ");
    s.send("?");
    s.wait_until("the help to close", |screen| !screen.contains(" Keys "));
    s._master
        .resize(PtySize {
            rows: 20,
            cols: 60,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.screen.set_size(20, 60);
    // The list redrawn alone at 60 columns, its corner in the last one;
    // only then a key, so that it is read after the resize, never beside it.
    s.wait_until("the list redrawn for 60 columns", |screen| {
        screen
            .lines()
            .next()
            .is_some_and(|l| l.chars().nth(59) == Some('┐'))
    });
    s.send("\r");
    // Narrow: the reader takes the whole screen, so the list title is gone.
    s.wait_until("the reader alone on a narrow screen", |screen| {
        screen.contains("words") && !screen.contains("12 stories")
    });
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_panic_restores_the_terminal_before_printing_the_message() {
    let mut s = Session::start_with(&[], &[("BYLINE_PANIC_AFTER_DRAW", "1")], 30, 120);
    let status = s.wait_exit();
    assert!(!status.success());
    let screen = s.screen.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(s.cooked(), "raw mode was left");
    let text = s.contents();
    assert!(
        text.contains("panic requested by BYLINE_PANIC_AFTER_DRAW"),
        "{text}"
    );
    assert!(text.contains("terminal has been restored"), "{text}");
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn last_position(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn every_terminating_signal_gives_the_terminal_back_and_keeps_what_was_read() {
    use nix::sys::signal::Signal;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");
    for signal in [
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
    ] {
        let home = tempfile::tempdir().unwrap();
        let home_str = home.path().to_str().unwrap().to_string();
        let env = [("BYLINE_HOME", home_str.as_str())];
        let mut s = Session::start_with(&[fixtures], &env, 30, 120);
        s.wait_for("4 unread");
        // Opening the newest story marks it read.
        s.send("\r");
        s.wait_for("Marit Solheim");
        s.signal(signal);
        let status = s.wait_exit();
        assert_eq!(
            status.exit_code(),
            128 + signal as u32,
            "{signal}: exit status {status:?}"
        );
        s.assert_terminal_given_back();
        let listed = common::byline_in(home.path(), &["list", "--json", fixtures]);
        assert!(listed.status.success(), "{signal}");
        let listed = String::from_utf8(listed.stdout).unwrap();
        let read: Vec<_> = listed
            .lines()
            .filter(|line| line.contains("\"read\":true"))
            .collect();
        assert_eq!(read.len(), 1, "{signal}: {listed}");
        assert!(read[0].contains("Harbour board"), "{signal}: {listed}");
    }
}

#[test]
fn ctrl_z_and_sigtstp_suspend_with_the_terminal_given_back_and_sigcont_takes_it_again() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");
    type Suspend = fn(&mut Session);
    let ways: [(&str, Suspend); 2] = [
        ("Ctrl-Z", |s| s.send("\x1a")),
        ("SIGTSTP", |s| s.signal(nix::sys::signal::Signal::SIGTSTP)),
    ];
    for (way, suspend) in ways {
        let mut s = Session::start(&[fixtures], 30, 120);
        s.wait_for("4 stories");
        suspend(&mut s);
        s.wait_stopped();
        // What it wrote before it stopped may still be on its way to us.
        let deadline = Instant::now() + Duration::from_secs(5);
        while s.screen.screen().alternate_screen() && Instant::now() < deadline {
            s.pump(Duration::from_millis(20));
        }
        s.assert_terminal_given_back();
        // No job-control shell here: continuing is the test's to do, as `fg` would.
        let resumed_at = s.raw.len();
        s.signal(nix::sys::signal::Signal::SIGCONT);
        s.wait_raw();
        // Taken again, cleared, and the whole frame drawn anew.
        s.wait_for_bytes(resumed_at, b"\x1b[?1049h");
        s.wait_for_bytes(resumed_at, b"\x1b[2J");
        s.wait_for_bytes(resumed_at, b"4 stories");
        let screen = s.screen.screen();
        assert!(
            screen.alternate_screen(),
            "{way}: the alternate screen is back"
        );
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{way}: the mouse is back"
        );
        s.send("?");
        s.wait_for(" Keys ");
        s.send("?");
        s.wait_until("the help to close", |screen| !screen.contains(" Keys "));
        s.send("q");
        let status = s.wait_exit();
        assert!(status.success(), "{way}: exit status {status:?}");
        s.assert_terminal_given_back();
    }
}

#[test]
fn escape_sequences_in_a_story_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let story = "title Hostile\x1b]0;PWNED-TITLE\x07 story\n\
        date 2026-01-01 Oslo - Retitle\x1b]2;PWNED-TITLE2\x1b\\ attempt.\n\n\
        Clipboard \x1b]52;c;UFdORUQtQ0xJUA==\x07 write and \x1b[2J clear and \x1bP1$qPWNED-DCS\x1b\\ query.\n\n\
        C1 \u{9b}31m red and \u{9d}0;PWNED-C1\u{9c} and bidi \u{202e}desrever\u{202c} and \x1b_PWNED-APC\x1b\\ end.\n\n\
        Tab\there and bell\x07 and backspace\x08 done.\n";
    let path = dir.path().join("hostile.txt");
    std::fs::write(&path, story).unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()], 30, 120);
    s.wait_for("1 story");
    s.send("\r");
    s.wait_for("done.");
    let screen = s.contents();
    assert!(screen.contains("Hostile story"), "{screen}");
    assert!(
        screen.contains("Clipboard write and clear and query."),
        "{screen}"
    );
    assert_eq!(
        s.screen.screen().title(),
        "",
        "the window title was never set"
    );
    for needle in [
        &b"PWNED"[..],
        b"UFdORUQ",
        b"\x1b]",
        b"\x1bP",
        b"\x1b_",
        "\u{202e}".as_bytes(),
        "\u{9b}".as_bytes(),
        b"\x07",
    ] {
        assert!(
            !contains(&s.raw, needle),
            "{:?} reached the terminal",
            String::from_utf8_lossy(needle)
        );
    }
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_bookmarked_passage_is_still_there_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let home_str = home.path().to_str().unwrap().to_string();
    let env = [("BYLINE_HOME", home_str.as_str())];
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");
    let mut s = Session::start_with(&[fixtures], &env, 30, 120);
    s.wait_for("4 unread");
    // Open the newest story, move the cursor to the quotation, bookmark it
    // and give it a note.
    s.send("\r");
    s.wait_for("Marit Solheim");
    s.send("}");
    s.send("b");
    s.wait_for("Bookmarked the paragraph");
    s.send("a");
    s.wait_for("Note:");
    s.send("worth a follow-up\r");
    s.wait_for("Note saved");
    s.send("q");
    assert!(s.wait_exit().success());

    let mut s = Session::start_with(&[fixtures], &env, 30, 120);
    s.wait_for("3 unread");
    s.send("B");
    s.wait_for("worth a follow-up");
    let screen = s.contents();
    assert!(
        screen.contains("Harbour board backs night ferry trial"),
        "{screen}"
    );
    assert!(screen.contains("We have waited long enough"), "{screen}");
    s.send("\r");
    s.wait_for("Marit Solheim");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// `byline feed add ARGS` with its state in `home`.
fn subscribe(home: &std::path::Path, args: &[&str]) {
    let o = common::byline_in(home, &[&["feed", "add"], args].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn refresh_on_a_terminal_draws_a_progress_bar_and_clears_it_for_the_summary() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = tempfile::tempdir().unwrap();
    let home_str = home.path().to_str().unwrap().to_string();
    for args in [
        vec!["feed", "add", &server.url("/rss")],
        vec![
            "feed",
            "add",
            &server.url("/json"),
            "--name",
            "Evening Post",
        ],
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .env("BYLINE_HOME", home.path())
            .args(&args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let env = [("BYLINE_HOME", home_str.as_str())];
    let mut s = Session::start_with(&["refresh", "--timeout", "5"], &env, 24, 100);
    assert!(s.wait_exit().success(), "{}", s.contents());
    // The bar starts empty and fills, on one line, feed by feed...
    let empty = format!("[{}] 0/2", " ".repeat(30));
    let full = format!("[{}] 2/2 ", "#".repeat(30));
    assert!(
        contains(&s.raw, empty.as_bytes()),
        "{:?}",
        String::from_utf8_lossy(&s.raw)
    );
    assert!(contains(&s.raw, b"] 1/2 "));
    assert!(contains(&s.raw, full.as_bytes()));
    // ...and is gone before the summary: no bar, and no line per feed on
    // stderr beside the summary's own.
    let screen = s.contents();
    assert!(
        screen.contains("2 feeds: 4 new stories, 0 failed"),
        "{screen}"
    );
    assert!(!screen.contains('#'), "{screen}");
    assert_eq!(screen.matches("Evening Post: 2 new").count(), 1, "{screen}");
    assert_eq!(
        screen.matches("Millbrook Valley Herald: 2 new").count(),
        1,
        "{screen}"
    );
}

#[test]
fn r_refreshes_in_the_background_and_o_hands_the_link_to_the_browser_as_one_argument() {
    // A link no shell should ever see.
    let link = "https://wire.example/a?b=1&c=$(id);d";
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>Coast Wire</title><item>\
         <title>Pilots call off strike at the regional airport</title>\
         <link>{}</link><guid>w-1</guid>\
         <pubDate>Tue, 10 Mar 2026 10:00:00 +0000</pubDate>\
         <description>The union said talks would resume.</description>\
         </item></channel></rss>",
        link.replace('&', "&amp;")
    );
    let mut route = Route::ok(rss);
    route.delay = Duration::from_millis(1500);
    let server = Server::start(vec![("/rss", route)]);
    let home = tempfile::tempdir().unwrap();
    subscribe(home.path(), &[&server.url("/rss")]);
    // The "browser" writes each argument it was given on a line of its own.
    let opened = home.path().join("opened.txt");
    let browser = home.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let home_str = home.path().to_str().unwrap().to_string();
    let browser_str = browser.to_str().unwrap().to_string();
    let env = [
        ("BYLINE_HOME", home_str.as_str()),
        ("BROWSER", browser_str.as_str()),
    ];
    let mut s = Session::start_with(&[], &env, 30, 120);
    s.wait_for("No feed stories yet");
    s.send("r");
    s.wait_for("Refreshing feeds: 0 of 1");
    // The server is still holding its answer: the keys still work.
    s.send("?");
    s.wait_for(" Keys ");
    s.send("?");
    s.wait_until("the help to close", |screen| !screen.contains(" Keys "));
    s.wait_for("Pilots call off strike");
    s.wait_for("Refreshed 1 feed: 1 new story");
    assert!(s.contents().contains("Coast Wire"), "{}", s.contents());
    s.send("o");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !opened.exists() && Instant::now() < deadline {
        s.pump(Duration::from_millis(50));
    }
    // Written by the time it exists? Wait for the whole line.
    let mut written = String::new();
    while Instant::now() < deadline {
        written = std::fs::read_to_string(&opened).unwrap_or_default();
        if written.ends_with('\n') {
            break;
        }
        s.pump(Duration::from_millis(50));
    }
    assert_eq!(written, format!("{link}\n"));
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn r_refreshes_the_subscribed_feeds_while_story_files_are_shown() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = tempfile::tempdir().unwrap();
    subscribe(home.path(), &[&server.url("/rss")]);
    let home_str = home.path().to_str().unwrap().to_string();
    let library = common::fixture_dir();
    let env = [("BYLINE_HOME", home_str.as_str())];
    let mut s = Session::start_with(&[library.to_str().unwrap()], &env, 30, 120);
    s.wait_for("Harbour board backs");
    s.send("r");
    s.wait_for("Refreshed 1 feed");
    assert!(
        !s.contents().contains("No feeds to refresh"),
        "{}",
        s.contents()
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_day_of_reading_next_unread_through_every_story_mark_all_read_search_and_restart() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = tempfile::tempdir().unwrap();
    subscribe(home.path(), &[&server.url("/rss")]);
    subscribe(
        home.path(),
        &[&server.url("/json"), "--name", "Evening Post"],
    );
    let o = common::byline_in(home.path(), &["refresh", "--timeout", "5"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let home_str = home.path().to_str().unwrap().to_string();
    let env = [("BYLINE_HOME", home_str.as_str())];
    let mut s = Session::start_with(&[], &env, 30, 120);
    s.wait_for("4 stories · 4 unread");
    // n opens the selected story, then each next unread one.
    s.send("nnnn");
    s.wait_for("4 stories · 0 unread");
    s.send("n");
    s.wait_for("No unread stories left");
    // One made unread again in the list, then every story marked read at once.
    s.send("hu");
    s.wait_for("4 stories · 1 unread");
    s.send("A");
    s.wait_for("Marked 1 story read");
    s.send("/footbridge");
    s.wait_for("1 of 4 stories");
    s.send("\x1b");
    s.wait_for("All stories");
    s.send("q");
    assert!(s.wait_exit().success());
    let mut again = Session::start_with(&[], &env, 30, 120);
    again.wait_for("4 stories · 0 unread");
    again.send("q");
    assert!(again.wait_exit().success());
}

/// Starts the reader on a state directory broken by `break_it`, and checks
/// it shows stories and says what is wrong, in its status bar and log.
fn starts_despite(break_it: impl Fn(&std::path::Path), says: &str) {
    let home = tempfile::tempdir().unwrap();
    break_it(home.path());
    let home_str = home.path().to_str().unwrap().to_string();
    let env = [("BYLINE_HOME", home_str.as_str())];
    let mut s = Session::start_with(&[], &env, 30, 140);
    s.wait_for("stories");
    s.wait_for("⚠");
    s.send("M");
    s.wait_for("Messages");
    s.wait_for(says);
    s.send("x");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_terminal_given_back();
}

#[test]
fn the_reader_starts_with_a_damaged_feeds_file_and_says_so() {
    starts_despite(
        |home| std::fs::write(home.join("feeds.toml"), "[[feed]\nurl = ").unwrap(),
        "bundled stories",
    );
}

#[test]
fn the_reader_starts_when_its_state_file_is_a_directory_and_says_so() {
    starts_despite(
        |home| std::fs::create_dir(home.join("state.jsonl")).unwrap(),
        "not being saved",
    );
}

#[test]
fn the_people_view_opens_a_persons_page_and_a_story_at_one_of_their_quotations() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/people");
    let mut s = Session::start(&[fixtures], 30, 100);
    s.wait_for("4 stories");
    s.send("W");
    s.wait_for("People ·");
    // The index fills in behind the reader, and the open view with it.
    s.wait_until("everyone, with the index caught up", |screen| {
        screen.contains("People · 5 ·") && !screen.contains("indexing")
    });
    s.send("g\r");
    s.wait_for("José Núñez · 3 quotations in 3 stories");
    // The oldest of what he said is in a story of its own, which spells
    // his name without accents.
    s.send("G\r");
    s.wait_for("Quotation 1 of 1 · said by Jose Nunez");
    assert!(s.contents().contains("Minister opens the new quay"));
    s.send("q");
    assert!(s.wait_exit().success());
}

/// A story with a link, in a directory of its own, and a place for scripts.
fn linked_story() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("stories")).unwrap();
    std::fs::write(
        dir.path().join("stories/pilots.txt"),
        "title Pilots walk out at the harbour\nurl https://harbour.example/pilots\n\nThe pilots walked out on Monday.\n",
    )
    .unwrap();
    dir
}

fn script(path: &std::path::Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_text_browser_gets_the_terminal_and_the_next_key_and_byline_takes_the_screen_back() {
    let dir = linked_story();
    // Named as a text browser, so byline hands it the terminal.
    let browser = dir.path().join("lynx");
    let got = dir.path().join("key.txt");
    script(
        &browser,
        &format!(
            "printf 'BROWSER SHOWS %s\\n' \"$1\"\nread key\nprintf '%s' \"$key\" > '{}'",
            got.display()
        ),
    );
    let stories = dir.path().join("stories");
    let env = [("BROWSER", browser.to_str().unwrap())];
    let mut s = Session::start_with(&[stories.to_str().unwrap()], &env, 24, 100);
    s.wait_for("Pilots walk out");
    s.send("o");
    s.wait_for("BROWSER SHOWS https://harbour.example/pilots");
    assert!(
        s.cooked(),
        "the browser runs with the terminal in cooked mode"
    );
    assert!(
        !s.screen.screen().alternate_screen(),
        "and on the main screen"
    );
    s.send("z\r");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !got.exists() && Instant::now() < deadline {
        s.pump(Duration::from_millis(50));
    }
    s.wait_raw();
    s.wait_until("the list to be drawn again", |screen| {
        screen.contains("Pilots walk out") && !screen.contains("BROWSER SHOWS")
    });
    assert!(s.screen.screen().alternate_screen());
    assert_eq!(
        std::fs::read_to_string(&got).unwrap(),
        "z",
        "the key went to the browser"
    );
    // And byline has its keys again.
    s.send("?");
    s.wait_for(" Keys ");
    s.send("?q");
    assert!(s.wait_exit().success());
    s.assert_terminal_given_back();
}

#[test]
fn the_pipe_key_sends_the_storys_text_to_the_command_and_saving_twice_makes_two_files() {
    let dir = linked_story();
    let piped = dir.path().join("piped.txt");
    let pipe = dir.path().join("pipe.sh");
    script(&pipe, &format!("cat > '{}'", piped.display()));
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let saved = dir.path().join("saved");
    std::fs::write(
        home.join("config.toml"),
        format!(
            "[pipe]\ncommand = [{:?}]\n[save]\ndirectory = {:?}\nformat = \"text\"\n",
            pipe.to_str().unwrap(),
            saved.to_str().unwrap()
        ),
    )
    .unwrap();
    let stories = dir.path().join("stories");
    let env = [("BYLINE_HOME", home.to_str().unwrap())];
    let mut s = Session::start_with(&[stories.to_str().unwrap()], &env, 24, 100);
    s.wait_for("Pilots walk out");
    s.send("\r|");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut text = String::new();
    while Instant::now() < deadline && !text.contains("on Monday.") {
        s.pump(Duration::from_millis(50));
        text = std::fs::read_to_string(&piped).unwrap_or_default();
    }
    assert!(
        text.starts_with("Pilots walk out at the harbour\n"),
        "{text}"
    );
    assert!(
        text.contains("Link: https://harbour.example/pilots"),
        "{text}"
    );
    s.wait_raw();
    s.wait_for("The pilots walked out on Monday.");
    s.send("S");
    s.wait_for("Saved to");
    s.send("S");
    s.wait_for("pilots-walk-out-at-the-harbour-2.txt");
    let mut names: Vec<String> = std::fs::read_dir(&saved)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "pilots-walk-out-at-the-harbour-2.txt",
            "pilots-walk-out-at-the-harbour.txt"
        ]
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_bad_configuration_is_named_in_the_status_bar_and_the_log_and_the_rest_applies() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "[reader]\nmeasur = 60\n[colors]\nquote = \"purpel\"\n[keys.global]\nhelp = \"H\"\n",
    )
    .unwrap();
    let home_str = home.path().to_str().unwrap().to_string();
    let env = [("BYLINE_HOME", home_str.as_str())];
    let mut s = Session::start_with(&[], &env, 30, 160);
    s.wait_for("stories");
    s.wait_for("⚠ ");
    // The status bar holds the last warning, and counts the others.
    s.wait_for("config.toml line 4, colors.quote: “purpel” is not a colour");
    s.wait_for("(+1 more)");
    s.send("M");
    s.wait_for("Messages");
    s.wait_for("config.toml line 2, reader.measur: no such setting");
    s.send("x");
    s.wait_until("the log to close", |screen| !screen.contains(" Messages "));
    // The good setting beside the bad ones holds: H is the help now.
    s.send("H");
    s.wait_for(" Keys ");
    s.send("x");
    s.send("q");
    assert!(s.wait_exit().success());
}
