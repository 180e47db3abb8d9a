use super::*;

fn site() -> (tempfile::TempDir, Editor) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), "title: 站\n").unwrap();
    let editor = Editor::keeping(dir.path(), 3);
    (dir, editor)
}

fn page(text: &str) -> SitePath {
    SitePath::parse(text).unwrap()
}

#[test]
fn a_new_page_is_created_once_and_then_saved_against_its_digest() {
    let (dir, editor) = site();
    let path = page("content/news/七一 党课.md");
    let first = editor.save(&path, b"v1", &Expected::Nothing).unwrap();
    assert_eq!(first.kept, None);
    assert_eq!(
        std::fs::read(dir.path().join("content/news/七一 党课.md")).unwrap(),
        b"v1"
    );
    // Creating it again would overwrite the first: refused.
    assert!(matches!(
        editor.save(&path, b"v1 again", &Expected::Nothing),
        Err(EditError::Conflict { now: Some(_), .. })
    ));
    let second = editor
        .save(&path, b"v2", &Expected::Digest(first.digest.clone()))
        .unwrap();
    assert_eq!(second.digest, digest(b"v2"));
    assert!(second.kept.is_some());
}

#[test]
fn a_file_changed_on_disk_since_it_was_opened_is_not_overwritten() {
    let (dir, editor) = site();
    let path = page("content/a.md");
    let saved = editor.save(&path, b"opened", &Expected::Nothing).unwrap();
    // Notepad saves the same file meanwhile, keeping its time stamp.
    let file = dir.path().join("content/a.md");
    let stamp = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, b"from notepad").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    match editor.save(
        &path,
        b"from the workbench",
        &Expected::Digest(saved.digest),
    ) {
        Err(EditError::Conflict { now: Some(now), .. }) => assert_eq!(now.bytes, b"from notepad"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"from notepad");
}

#[test]
fn every_save_keeps_the_previous_version_and_a_restore_brings_it_back() {
    let (_dir, editor) = site();
    let path = page("content/a.md");
    let mut expected = Expected::Nothing;
    for n in 1..=5 {
        let saved = editor
            .save(&path, format!("v{n}").as_bytes(), &expected)
            .unwrap();
        expected = Expected::Digest(saved.digest);
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let versions = editor.versions(&path).unwrap();
    assert_eq!(versions.len(), 3, "bounded by the setting: {versions:?}");
    let v4 = &versions[0];
    let restored = editor.restore(&path, &v4.id, &expected).unwrap();
    assert_eq!(editor.open(&path).unwrap().unwrap().bytes, b"v4");
    // The version replaced by the restore is kept too: it can be undone.
    let newest = &editor.versions(&path).unwrap()[0];
    assert_eq!(
        history::read(editor.root(), &path, &newest.id)
            .unwrap()
            .unwrap(),
        b"v5"
    );
    assert_eq!(restored.digest, digest(b"v4"));
    assert!(matches!(
        editor.restore(
            &path,
            "20000101-000000.000-deadbeef.md",
            &Expected::Digest(restored.digest)
        ),
        Err(EditError::NoSuchVersion { .. })
    ));
}

#[test]
fn a_delete_goes_to_the_recycle_bin_with_its_history() {
    let (dir, editor) = site();
    let path = page("content/members/杜杰.md");
    let saved = editor.save(&path, b"story", &Expected::Nothing).unwrap();
    let moved = editor
        .delete(&path, &Expected::Digest(saved.digest))
        .unwrap();
    assert!(!dir.path().join("content/members/杜杰.md").exists());
    assert!(
        moved.starts_with(dir.path().join(".pinpai/回收站")),
        "{moved:?}"
    );
    assert_eq!(std::fs::read(&moved).unwrap(), b"story");
    assert_eq!(editor.versions(&path).unwrap().len(), 1);
    // Deleting what is no longer there is a conflict, not a crash.
    assert!(matches!(
        editor.delete(&path, &Expected::Digest(digest(b"story"))),
        Err(EditError::Conflict { now: None, .. })
    ));
}

#[test]
fn nothing_outside_the_site_is_ever_written() {
    let (dir, editor) = site();
    for bad in [
        "../x.md",
        "output/index.html",
        ".pinpai/history/x",
        "content/CON.md",
    ] {
        assert!(SitePath::parse(bad).is_err(), "{bad}");
    }
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content")).unwrap();
        let err = editor
            .save(&page("content/a.md"), b"x", &Expected::Nothing)
            .unwrap_err();
        assert!(
            matches!(err, EditError::Path(PathError::LeadsOut(_))),
            "{err:?}"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}

#[test]
fn two_saves_from_the_same_opening_cannot_both_win() {
    let (_dir, editor) = site();
    let path = page("content/a.md");
    let opened = editor
        .save(&path, b"v0", &Expected::Nothing)
        .unwrap()
        .digest;
    let editor = std::sync::Arc::new(editor);
    let results: Vec<_> = (0..8)
        .map(|n| {
            let editor = editor.clone();
            let path = path.clone();
            let opened = opened.clone();
            std::thread::spawn(move || {
                editor
                    .save(
                        &path,
                        format!("new {n}").as_bytes(),
                        &Expected::Digest(opened),
                    )
                    .is_ok()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|ok| **ok).count(), 1, "{results:?}");
}

#[test]
fn temporaries_a_killed_save_left_are_removed_once_an_hour_old() {
    let (dir, _) = site();
    let folder = dir.path().join("content/news");
    std::fs::create_dir_all(&folder).unwrap();
    let stale = folder.join(".pinpai-upload-abc");
    let fresh = folder.join(".pinpai-save-def");
    let page = folder.join(".pinpai-notes.md");
    for f in [&stale, &fresh, &page] {
        std::fs::write(f, b"x").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for f in [&stale, &page] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    assert_eq!(remove_stale_temporaries(dir.path()), 1);
    assert!(!stale.exists() && fresh.exists() && page.exists());
}
