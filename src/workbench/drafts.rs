//! Drafts in the preview, switched from the workbench.
//!
//! New and imported pages start as drafts (`draft: true`), and `serve`
//! leaves drafts out unless started with `--drafts` (CONTENT-MODEL §3):
//! without this switch the officer writing a new page would see no
//! preview of it until taking it out of draft. The button 预览草稿 shows
//! drafts for this run of `serve` only, more forgivingly than `--drafts`: a
//! draft with problems still to fix is left out with its problems told as
//! warnings (`load::Include::lenient_drafts`), so it never takes the
//! preview of the other pages away; 不预览草稿 switches back. `build` and
//! `package` always leave drafts out.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Whether the preview shows drafts, and how to tell the builder.
pub struct DraftPreview {
    shown: AtomicBool,
    /// Set by `serve` once its builder runs: asks for a rebuild with or
    /// without drafts.
    switch: OnceLock<Box<dyn Fn(bool) + Send + Sync>>,
}

impl std::fmt::Debug for DraftPreview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DraftPreview")
            .field("shown", &self.shown())
            .finish_non_exhaustive()
    }
}

impl Default for DraftPreview {
    fn default() -> Self {
        DraftPreview {
            shown: AtomicBool::new(false),
            switch: OnceLock::new(),
        }
    }
}

impl DraftPreview {
    /// Connects the switch to the builder; `shown` is how `serve` started.
    pub fn connect(&self, shown: bool, switch: impl Fn(bool) + Send + Sync + 'static) {
        self.shown.store(shown, Ordering::SeqCst);
        let _ = self.switch.set(Box::new(switch));
    }

    pub fn shown(&self) -> bool {
        self.shown.load(Ordering::SeqCst)
    }

    /// Shows or hides drafts; false when no builder is connected (the
    /// workbench outside `serve`, in tests) or nothing changes.
    pub fn show(&self, show: bool) -> bool {
        let Some(switch) = self.switch.get() else {
            return false;
        };
        if self.shown.swap(show, Ordering::SeqCst) == show {
            return false;
        }
        switch(show);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn asks_the_builder_only_when_the_choice_changes() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let preview = DraftPreview::default();
        assert!(!preview.show(true), "no builder yet");
        let record = Arc::clone(&asked);
        preview.connect(false, move |show| record.lock().unwrap().push(show));
        assert!(preview.show(true));
        assert!(!preview.show(true));
        assert!(preview.show(false));
        assert_eq!(*asked.lock().unwrap(), vec![true, false]);
        assert!(!preview.shown());
    }
}
