//! `claimlint eval` walks its corpus with the walker `check -L` uses (issue 17).

mod hostile_common;
use hostile_common::claimlint;
use std::time::Duration;

#[cfg(unix)]
#[test]
fn eval_does_not_follow_symlink_loops_forever() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("corpus");
    std::fs::create_dir_all(root.join("ja/sub")).unwrap();
    std::fs::write(root.join("ja/a.txt"), "当院なら完治する。\n").unwrap();
    std::fs::write(
        root.join("ja/manifest.yaml"),
        "language: ja\ndocuments:\n  - file: a.txt\n    expect: [curative-claim]\n",
    )
    .unwrap();
    // Two links back to ancestors in every directory: followed naively, the walk doubles at
    // every level and never ends.
    symlink("..", root.join("ja/sub/up")).unwrap();
    symlink("../..", root.join("ja/sub/top")).unwrap();
    symlink(".", root.join("ja/self")).unwrap();
    let run = claimlint(
        &["eval", root.to_str().unwrap()],
        None,
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("1 documents\n"), "{}", run.stdout);
}
