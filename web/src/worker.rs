//! The search worker: fetches the bundle, checks it against its manifest, opens the
//! tantivy index, and answers searches. Requests that arrive while it loads wait.

use crate::protocol::{
    overview, Detail, Download, ExportFormat, ExportScope, FromWorker, LoadStep, ProgramView, ToWorker, BUNDLE_DIR,
};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use rendiconto_search::bundle::{DATA, INDEX, MANIFEST};
use rendiconto_search::{Bundle, Engine};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub struct SearchWorker {
    engine: Option<Engine>,
    /// What to tell handlers that connect: the last status sent.
    status: Option<FromWorker>,
    waiting: Vec<(HandlerId, ToWorker)>,
    handlers: Vec<HandlerId>,
}

pub enum Message {
    Step(LoadStep),
    Loaded(Box<Result<(Engine, u64, u32), (String, String)>>),
}

impl Worker for SearchWorker {
    type Message = Message;
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(scope: &WorkerScope<Self>) -> Self {
        let scope2 = scope.clone();
        scope.send_future(async move { Message::Loaded(Box::new(load(&scope2).await)) });
        SearchWorker { engine: None, status: None, waiting: Vec::new(), handlers: Vec::new() }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Message) {
        let status = match msg {
            Message::Step(step) => FromWorker::Loading(step),
            Message::Loaded(result) => match *result {
                Ok((engine, bytes, millis)) => {
                    let items = engine.items.len();
                    self.engine = Some(engine);
                    FromWorker::Ready { items, bytes, millis }
                }
                Err((it, en)) => FromWorker::Failed { it, en },
            },
        };
        for id in &self.handlers {
            scope.respond(*id, status.clone());
        }
        self.status = Some(status);
        if self.engine.is_some() {
            for (id, req) in std::mem::take(&mut self.waiting) {
                self.answer(scope, id, req);
            }
        }
    }

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        self.handlers.push(id);
        if let Some(status) = &self.status {
            scope.respond(id, status.clone());
        }
    }

    fn disconnected(&mut self, _scope: &WorkerScope<Self>, id: HandlerId) {
        self.handlers.retain(|h| *h != id);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ToWorker, id: HandlerId) {
        if self.engine.is_some() {
            self.answer(scope, id, msg);
        } else {
            // Only the newest search matters; details are all kept.
            if matches!(msg, ToWorker::Search { .. }) {
                self.waiting.retain(|(_, m)| !matches!(m, ToWorker::Search { .. }));
            }
            self.waiting.push((id, msg));
        }
    }
}

impl SearchWorker {
    fn answer(&self, scope: &WorkerScope<Self>, id: HandlerId, msg: ToWorker) {
        let Some(engine) = &self.engine else { return };
        let out = match msg {
            ToWorker::Search { seq, request } => {
                let start = now();
                let response = engine.search(&request);
                FromWorker::Results { seq, response, millis: now() - start }
            }
            ToWorker::Detail { seq, id } => FromWorker::Detail { seq, detail: Detail::find(&engine.document, &id) },
            ToWorker::Program { id } => {
                let view = ProgramView::find(&engine.document, &id);
                FromWorker::Program { id, view }
            }
            ToWorker::Overview => FromWorker::Overview(overview(&engine.document)),
            ToWorker::Export { scope, format } => FromWorker::Export(export(engine, scope, format)),
        };
        scope.respond(id, out);
    }
}

/// Milliseconds with sub-millisecond resolution where the browser gives it.
/// The whole report, one programme, or every result of a search, as a file.
fn export(engine: &Engine, scope: ExportScope, format: ExportFormat) -> Download {
    let all_ids = |ids: Vec<String>| -> BTreeSet<String> { ids.into_iter().collect() };
    let (doc, name) = match scope {
        ExportScope::Everything => (engine.document.clone(), "rendiconto-2023".to_string()),
        ExportScope::Program(id) => {
            let prefix = format!("{id}-");
            let ids = engine.items.iter().filter(|i| i.id.starts_with(&prefix)).map(|i| i.id.clone()).collect();
            (rendiconto_export::subset(&engine.document, &all_ids(ids)), format!("rendiconto-2023-{id}"))
        }
        ExportScope::Results(mut request) => {
            request.limit = engine.items.len().max(1);
            request.offset = 0;
            let ids = engine.search(&request).hits.into_iter().map(|h| h.id).collect();
            (rendiconto_export::subset(&engine.document, &all_ids(ids)), "rendiconto-2023-risultati".to_string())
        }
    };
    match format {
        ExportFormat::Csv => Download {
            filename: format!("{name}.csv"),
            mime: "text/csv;charset=utf-8".into(),
            content: rendiconto_export::csv_string(&doc),
        },
        ExportFormat::Json => Download {
            filename: format!("{name}.json"),
            mime: "application/json".into(),
            content: rendiconto_export::json_string(&doc),
        },
    }
}

fn now() -> f64 {
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    global.performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// The single-file edition has no files to fetch (and `file://` pages may not fetch):
/// its loader puts the three bundle parts in the worker's global `RA_BUNDLE` instead.
/// They are checked against the manifest exactly like downloaded ones.
fn embedded_bundle() -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let bundle = js_sys::Reflect::get(&js_sys::global(), &"RA_BUNDLE".into()).ok().filter(|b| b.is_object())?;
    let part = |name: &str| {
        js_sys::Reflect::get(&bundle, &name.into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|a| a.to_vec())
            .unwrap_or_default()
    };
    Some((part("manifest"), part("data"), part("index")))
}

/// Starts a download of a bundle part; the request is under way when this returns.
fn start_fetch(name: &str) -> (String, js_sys::Promise) {
    let url = format!("{BUNDLE_DIR}/{name}");
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let promise = global.fetch_with_str(&url);
    (url, promise)
}

/// Finishes a download started by [`start_fetch`].
async fn finish_fetch((url, promise): (String, js_sys::Promise)) -> Result<Vec<u8>, (String, String)> {
    let unreachable = |detail: String| {
        (
            format!("Non è stato possibile scaricare i dati di ricerca ({url}): {detail}."),
            format!("The search data could not be downloaded ({url}): {detail}."),
        )
    };
    let response = JsFuture::from(promise).await.map_err(|e| unreachable(format!("{e:?}")))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(unreachable(format!("HTTP {}", response.status())));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| unreachable(format!("{e:?}")))?)
        .await
        .map_err(|e| unreachable(format!("{e:?}")))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

async fn load(scope: &WorkerScope<SearchWorker>) -> Result<(Engine, u64, u32), (String, String)> {
    let start = now();
    let bundle_err = |e: rendiconto_search::BundleError| (e.message_it(), e.to_string());
    scope.send_message(Message::Step(LoadStep::Manifest));
    let (manifest, data, index) = match embedded_bundle() {
        Some(parts) => parts,
        None => {
            // All three downloads run at once; the manifest is checked first.
            let (manifest, data, index) = (start_fetch(MANIFEST), start_fetch(DATA), start_fetch(INDEX));
            let manifest = finish_fetch(manifest).await?;
            scope.send_message(Message::Step(LoadStep::Data));
            let data = finish_fetch(data).await?;
            scope.send_message(Message::Step(LoadStep::Index));
            (manifest, data, finish_fetch(index).await?)
        }
    };
    let manifest = Bundle::read_manifest(&manifest).map_err(bundle_err)?;
    scope.send_message(Message::Step(LoadStep::Opening));
    let bytes = (data.len() + index.len()) as u64;
    let engine = Engine::from_parts(&manifest, &data, &index).map_err(bundle_err)?;
    Ok((engine, bytes, (now() - start) as u32))
}
