//! This page's delivery (web site, widget, kiosk; single file or not), read from the
//! browser once; what each delivery means is `rendiconto_web_core::delivery`.

pub use rendiconto_web_core::delivery::{with_suffix, Delivery, Mode};
use rendiconto_web_core::Location;

/// Rendering at build time (natively): the web site.
#[cfg(not(target_arch = "wasm32"))]
pub fn current() -> Delivery {
    Delivery { mode: Mode::Site, single_file: false }
}

/// The delivery of this page (read from the browser the first time).
#[cfg(target_arch = "wasm32")]
pub fn current() -> Delivery {
    use std::cell::RefCell;
    thread_local! {
        static CURRENT: RefCell<Option<Delivery>> = const { RefCell::new(None) };
    }
    CURRENT.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| {
                let data_mode =
                    crate::platform::document().document_element().and_then(|e| e.get_attribute("data-mode"));
                let single_file = crate::platform::embedded_part(rendiconto_search::bundle::MANIFEST).is_some();
                Delivery::from_parts(data_mode.as_deref(), &crate::platform::address::search(), single_file)
            })
            .clone()
    })
}

/// A link's `href` in this delivery: the page's path on the web site, the old query
/// string on the one-file deliveries (see `Location::href_with`).
pub fn href(location: &Location) -> String {
    location.href_with(current().uses_paths())
}
