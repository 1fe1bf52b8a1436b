//! Runs `tests/tui_tmux.sh` (the real binary in tmux, as a user runs it). Skipped only when
//! tmux is not installed, and then it says so.

use std::process::Command;

#[test]
fn real_binary_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("SKIP real_binary_in_tmux: tmux is not installed");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tui_tmux.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_scwin"))
        .output()
        .expect("bash runs the tmux script");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    match out.status.code() {
        Some(0) => {}
        Some(77) => println!("SKIP: {text}"),
        _ => panic!("tmux script failed:\n{text}"),
    }
}
