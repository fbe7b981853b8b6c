//! The kiosk's on-screen Italian keyboard, for touch screens without a keyboard.
//! Every key is a real `<button>` named by its letter, so it works with a screen
//! reader and a switch as well as with a finger.

use rendiconto_web_core::i18n::{t, Key, Lang};
use rendiconto_web_core::keys::{Press, ROWS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub on_press: Callback<Press>,
}

#[component]
pub fn Keyboard(props: &Props) -> Html {
    let lang = props.lang;
    let key = |press: Press, label: String, name: String, class: &'static str| {
        let cb = props.on_press.clone();
        let data_key = match press {
            Press::Char(c) => c.to_string(),
            Press::Backspace => "backspace".into(),
            Press::Clear => "clear".into(),
        };
        html! {
            <button type="button" class={classes!("key", class)} aria-label={name} data-key={data_key}
                onclick={Callback::from(move |_| cb.emit(press))}>{label}</button>
        }
    };
    html! {
        <div class="osk no-print" role="group" aria-label={t(lang, Key::Keyboard)}>
            { for ROWS.iter().map(|row| html! {
                <div class="osk-row">
                    { for row.chars().map(|c| key(Press::Char(c), c.to_string(), c.to_string(), "")) }
                </div>
            }) }
            <div class="osk-row">
                {key(Press::Char(' '), t(lang, Key::KeySpace).into(), t(lang, Key::KeySpace).into(), "key-space")}
                {key(Press::Backspace, "⌫".into(), t(lang, Key::KeyBackspace).into(), "key-wide")}
                {key(Press::Clear, t(lang, Key::KeyClear).into(), t(lang, Key::KeyClear).into(), "key-wide")}
            </div>
        </div>
    }
}
