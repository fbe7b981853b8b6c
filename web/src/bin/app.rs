//! Entry point of the interface.

#[cfg(target_arch = "wasm32")]
fn main() {
    rendiconto_web::start::install_panic_hook();
    rendiconto_web::start::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser; build it with `cargo xtask dist`");
}
