//! A headless driver of the inspector: the real update loop and background jobs, a
//! [`TestBackend`] instead of the terminal. Tests send keys, wait for the background work to
//! finish, and look at the screen.

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::app::App;
use super::jobs::Jobs;
use super::msg::{Effect, Msg};
use super::source::Inputs;
use super::{update, view};
use crate::windows::Builder;

/// The inspector without a terminal.
pub struct Headless {
    pub app: App,
    jobs: Jobs,
    rx: Receiver<Msg>,
    terminal: Terminal<TestBackend>,
}

impl Headless {
    /// Starts a session (first event and summary requested) on a `w` x `h` test screen.
    pub fn new(inputs: Inputs, builder: Builder, w: u16, h: u16) -> Self {
        let (tx, rx) = unbounded();
        let jobs = Jobs::new(tx);
        let mut app = App::new(inputs, builder);
        let fx = update::start(&mut app);
        let terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        let mut me = Headless {
            app,
            jobs,
            rx,
            terminal,
        };
        me.perform(fx);
        me
    }

    fn perform(&mut self, fx: Vec<Effect>) {
        for f in fx {
            match f {
                Effect::SetMouse(_) => {}
                Effect::Quit => self.app.quit = true,
                other => self.jobs.perform(other),
            }
        }
    }

    /// Applies a message (and starts its effects).
    pub fn send(&mut self, m: Msg) {
        let fx = update::update(&mut self.app, m);
        self.perform(fx);
    }

    /// Presses a key.
    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Types characters, one key each.
    pub fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Applies background results until no job runs and nothing is queued (panics after
    /// 60 s).
    pub fn settle(&mut self) {
        let t0 = Instant::now();
        loop {
            while let Ok(m) = self.rx.try_recv() {
                self.send(m);
            }
            if self.jobs.running() == 0 {
                let mut any = false;
                while let Ok(m) = self.rx.try_recv() {
                    self.send(m);
                    any = true;
                }
                if !any && self.jobs.running() == 0 {
                    return;
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "background work did not finish"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Applies background results until `done(app)` holds (panics after 60 s); jobs may
    /// still be running afterwards.
    pub fn pump_until(&mut self, done: impl Fn(&App) -> bool) {
        let t0 = Instant::now();
        while !done(&self.app) {
            if let Ok(m) = self.rx.recv_timeout(Duration::from_millis(10)) {
                self.send(m);
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "condition not reached"
            );
        }
    }

    /// Number of background jobs still running.
    pub fn jobs_running(&self) -> usize {
        self.jobs.running()
    }

    /// Draws a frame and returns the screen.
    pub fn draw(&mut self) -> &Buffer {
        let app = &self.app;
        self.terminal
            .draw(|f| view::view(app, f))
            .expect("test backend draws");
        self.terminal.backend().buffer()
    }

    /// Draws a frame and returns it as text.
    pub fn screen(&mut self) -> String {
        view::buffer_text(self.draw())
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.terminal.backend_mut().resize(w, h);
        let _ = self.terminal.resize(ratatui::layout::Rect::new(0, 0, w, h));
    }
}

impl Drop for Headless {
    fn drop(&mut self) {
        self.jobs.shutdown();
    }
}
