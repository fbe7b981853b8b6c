//! Where the engine's start stands, and what a reader is told when it fails.

use crate::i18n::Key;
use rendiconto_search::BundleError;

/// The step the engine's start is at, told to someone waiting for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStep {
    Manifest,
    Data,
    Index,
    Opening,
}

impl LoadStep {
    /// What the loading line says.
    pub fn key(self) -> Key {
        match self {
            LoadStep::Manifest => Key::LoadingManifest,
            LoadStep::Data => Key::LoadingData,
            LoadStep::Index => Key::LoadingIndex,
            LoadStep::Opening => Key::Opening,
        }
    }
}

/// Why the engine could not start: what kind of failure (the message a reader gets and
/// what they can do), and the technical detail in Italian and in English (shown in a
/// disclosure, and in the console).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: FailureKind,
    pub detail_it: String,
    pub detail_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The files did not arrive, or arrived incomplete or damaged: trying again may help.
    Download,
    /// The data are of another version of the app: the page must be reloaded.
    Version,
}

impl FailureKind {
    /// The message and the button's label.
    pub fn keys(self) -> (Key, Key) {
        match self {
            FailureKind::Download => (Key::LoadFailed, Key::Retry),
            FailureKind::Version => (Key::VersionMismatch, Key::ReloadPage),
        }
    }
}

impl From<BundleError> for Failure {
    /// What the reader is told about a bundle the app cannot use.
    fn from(e: BundleError) -> Failure {
        Failure {
            kind: match e {
                BundleError::Version { .. } => FailureKind::Version,
                _ => FailureKind::Download,
            },
            detail_it: e.message_it(),
            detail_en: e.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EngineStatus {
    Loading(LoadStep),
    /// Searching; the report's details (what only an opened page shows) follow.
    Ready(DetailsStatus),
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub enum DetailsStatus {
    Loading,
    Ready,
    /// Search works; pages are opened from their prerendered copies, downloads wait.
    Failed(Failure),
}

impl EngineStatus {
    /// The engine searches.
    pub fn searching(&self) -> bool {
        matches!(self, EngineStatus::Ready(_))
    }

    /// The whole report is in: pages and downloads can be made.
    pub fn report_ready(&self) -> bool {
        matches!(self, EngineStatus::Ready(DetailsStatus::Ready))
    }

    /// The engine searches and its details have arrived or failed: nothing more loads.
    pub fn settled(&self) -> bool {
        matches!(self, EngineStatus::Ready(DetailsStatus::Ready | DetailsStatus::Failed(_)))
    }

    /// What went wrong, if the engine or the details did not load.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            EngineStatus::Failed(f) | EngineStatus::Ready(DetailsStatus::Failed(f)) => Some(f),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_says_what_works() {
        let failure = Failure::from(BundleError::Version { found: 1, expected: 3 });
        assert_eq!(failure.kind, FailureKind::Version);
        assert_eq!(failure.kind.keys(), (Key::VersionMismatch, Key::ReloadPage));
        let cases = [
            (EngineStatus::Loading(LoadStep::Index), false, false, false, false),
            (EngineStatus::Ready(DetailsStatus::Loading), true, false, false, false),
            (EngineStatus::Ready(DetailsStatus::Ready), true, true, true, false),
            (EngineStatus::Ready(DetailsStatus::Failed(failure.clone())), true, false, true, true),
            (EngineStatus::Failed(failure), false, false, false, true),
        ];
        for (status, searching, whole, settled, failed) in cases {
            assert_eq!(
                (status.searching(), status.report_ready(), status.settled(), status.failure().is_some()),
                (searching, whole, settled, failed),
                "{status:?}"
            );
        }
        assert_eq!(LoadStep::Data.key(), Key::LoadingData);
    }
}
