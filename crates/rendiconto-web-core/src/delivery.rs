//! How this copy of the app was delivered (`web/src/delivery.rs` reads it once at
//! start-up): the web site, the embeddable widget (inside an iframe of another site),
//! or the kiosk; and whether the page is the single-file edition (the bundle is inside
//! the page, no files beside it).
//!
//! The page says it: `<html data-mode="kiosk">` (kiosk.html), `?embed=1[&compact=1]`
//! (the iframe `embed.js` creates), `?idle=SECONDS` (kiosk idle time), and
//! `window.RA_BUNDLE` (set by the single-file edition's loader).

/// Kiosk idle time when `?idle=` does not say: two minutes.
pub const DEFAULT_IDLE_SECS: u32 = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The full site, on its own page.
    Site,
    /// Inside another site's page; `compact` drops the filters column and the browse
    /// lists, for narrow slots.
    Embed { compact: bool },
    /// A public touch screen: big targets, on-screen keyboard, reset when idle.
    Kiosk { idle_secs: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub mode: Mode,
    /// True when the page is a single self-contained file (no service worker there).
    pub single_file: bool,
}

impl Delivery {
    /// Reads the delivery from the page's `data-mode`, its query string and whether the
    /// single-file loader left the bundle in the page. Pure, for the unit tests.
    pub fn from_parts(data_mode: Option<&str>, search: &str, single_file: bool) -> Delivery {
        let param = |key: &str| {
            search
                .trim_start_matches('?')
                .split('&')
                .find_map(|p| p.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v.to_string()))
        };
        let mode = if data_mode == Some("kiosk") {
            let idle_secs =
                param("idle").and_then(|v| v.parse::<u32>().ok()).filter(|s| *s > 0).unwrap_or(DEFAULT_IDLE_SECS);
            Mode::Kiosk { idle_secs }
        } else if param("embed").as_deref() == Some("1") {
            Mode::Embed { compact: param("compact").as_deref() == Some("1") }
        } else {
            Mode::Site
        };
        Delivery { mode, single_file }
    }

    /// What the app adds to every address it writes, so that a reload keeps the mode.
    pub fn url_suffix(&self) -> String {
        match self.mode {
            Mode::Site => String::new(),
            Mode::Embed { compact: false } => "embed=1".into(),
            Mode::Embed { compact: true } => "embed=1&compact=1".into(),
            Mode::Kiosk { idle_secs } if idle_secs != DEFAULT_IDLE_SECS => format!("idle={idle_secs}"),
            Mode::Kiosk { .. } => String::new(),
        }
    }

    pub fn is_kiosk(&self) -> bool {
        matches!(self.mode, Mode::Kiosk { .. })
    }

    pub fn is_embed(&self) -> bool {
        matches!(self.mode, Mode::Embed { .. })
    }

    /// Whether links are pages' paths (`attivita/9-3-1/`): on the web site only. The
    /// single file, the kiosk and the widget's frame stay on their one file and write
    /// the page in the query string (`?a=m9-p3-a1`).
    pub fn uses_paths(&self) -> bool {
        self.mode == Mode::Site && !self.single_file
    }

    pub fn is_compact(&self) -> bool {
        matches!(self.mode, Mode::Embed { compact: true })
    }
}

/// Adds the delivery's parameters to a query string made by `UrlState`.
pub fn with_suffix(query_string: &str, suffix: &str) -> String {
    match (query_string.is_empty(), suffix.is_empty()) {
        (_, true) => query_string.to_string(),
        (true, false) => format!("?{suffix}"),
        (false, false) => format!("{query_string}&{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_by_default() {
        let d = Delivery::from_parts(None, "?q=asili", false);
        assert_eq!(d.mode, Mode::Site);
        assert!(!d.single_file);
        assert_eq!(d.url_suffix(), "");
    }

    #[test]
    fn kiosk_idle_time_from_the_address() {
        assert_eq!(Delivery::from_parts(Some("kiosk"), "", false).mode, Mode::Kiosk { idle_secs: 120 });
        let d = Delivery::from_parts(Some("kiosk"), "?q=x&idle=30", true);
        assert_eq!(d.mode, Mode::Kiosk { idle_secs: 30 });
        assert!(d.single_file);
        assert_eq!(d.url_suffix(), "idle=30");
        // Nonsense falls back to the default rather than a kiosk that never resets.
        for bad in ["?idle=0", "?idle=-5", "?idle=due", "?idle="] {
            assert_eq!(Delivery::from_parts(Some("kiosk"), bad, false).mode, Mode::Kiosk { idle_secs: 120 }, "{bad}");
        }
    }

    #[test]
    fn embed_and_compact() {
        let d = Delivery::from_parts(None, "?embed=1&compact=1&missione=x", false);
        assert_eq!(d.mode, Mode::Embed { compact: true });
        assert_eq!(with_suffix("?q=a", &d.url_suffix()), "?q=a&embed=1&compact=1");
        assert_eq!(with_suffix("", &d.url_suffix()), "?embed=1&compact=1");
        assert_eq!(Delivery::from_parts(None, "?embed=0", false).mode, Mode::Site);
    }
}
