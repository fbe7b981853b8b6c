//! Mobile throttling through the DevTools protocol, workers included.
//!
//! chromedriver's `goog/cdp/execute` reaches only the page, and a page's network and CPU
//! emulation do not cover its Web Workers: measured here, the search worker's 850 kB
//! came at full speed under "1.6 Mbps". Both this app and Pagefind search in a worker,
//! so the benchmark opens its own DevTools connection to the page
//! (`goog:chromeOptions.debuggerAddress`), asks to be attached to every worker the page
//! starts, paused (`Target.setAutoAttach`, `waitForDebuggerOnStart`), applies the same
//! emulation to each worker, then lets it run. Only the network part reaches a worker:
//! Chromium 156 refuses `Emulation.setCPUThrottlingRate` for workers ("only supported
//! for pages"), so a worker computes at full speed. None of the three measured pages
//! searches in a worker today (this app and MiniSearch never do; Pagefind runs with
//! `noWorker`).

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// 150 ms round trip, 1.6 Mbps down, 750 kbps up (Lighthouse's mobile "slow 4G").
pub fn network_conditions() -> Value {
    json!({ "offline": false, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8 })
}

pub const CPU_SLOWDOWN: u32 = 4;

pub struct Devtools {
    out: mpsc::UnboundedSender<String>,
    answered: Arc<Mutex<HashSet<u64>>>,
    next: u64,
    /// Workers attached and throttled (for the report).
    pub workers: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

fn commands(session: Option<&str>, first_id: u64) -> Vec<String> {
    let cmds = [
        ("Network.enable", json!({})),
        ("Network.emulateNetworkConditions", network_conditions()),
        ("Emulation.setCPUThrottlingRate", json!({ "rate": CPU_SLOWDOWN })),
    ];
    cmds.into_iter()
        .enumerate()
        .map(|(i, (method, params))| {
            let mut m = json!({ "id": first_id + i as u64, "method": method, "params": params });
            if let Some(s) = session {
                m["sessionId"] = json!(s);
            }
            m.to_string()
        })
        .collect()
}

/// The page target's WebSocket URL, from `http://{addr}/json/list`.
fn page_socket(addr: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr.replace("localhost", "127.0.0.1")).expect("DevTools port");
    write!(stream, "GET /json/list HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    // Chromium's DevTools server may keep the connection open: read by Content-Length.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let body = loop {
        let n = stream.read(&mut chunk).expect("DevTools /json/list");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end].lines().find_map(|l| {
                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
            });
            if n == 0 || length.is_some_and(|len| buf.len() >= end + 4 + len) {
                break text[end + 4..].to_string();
            }
        } else if n == 0 {
            break String::new();
        }
    };
    let targets: Vec<Value> =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("DevTools /json/list: {e}: {body}"));
    targets
        .iter()
        .find(|t| t["type"] == "page")
        .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        .expect("a page target")
        .to_string()
}

impl Devtools {
    /// Connects to the page of `client`'s browser and throttles it and, as they start,
    /// its workers. Returns once the page's emulation is in force.
    pub async fn throttle(client: &fantoccini::Client) -> Devtools {
        let caps = client.capabilities().expect("session capabilities");
        let addr = caps
            .get("goog:chromeOptions")
            .and_then(|o| o["debuggerAddress"].as_str())
            .expect("chromedriver gives the DevTools address")
            .to_string();
        let (ws, _) = tokio_tungstenite::connect_async(page_socket(&addr)).await.expect("DevTools WebSocket");
        let (mut sink, mut stream) = ws.split();
        let (out, mut rx) = mpsc::unbounded_channel::<String>();
        let answered = Arc::new(Mutex::new(HashSet::new()));
        let workers = Arc::new(Mutex::new(Vec::new()));
        let (a, w, out2) = (answered.clone(), workers.clone(), out.clone());
        let task = tokio::spawn(async move {
            let mut worker_ids = 1_000_000u64;
            loop {
                tokio::select! {
                    Some(text) = rx.recv() => {
                        if sink.send(Message::Text(text.into())).await.is_err() { break; }
                    }
                    msg = stream.next() => {
                        let Some(Ok(Message::Text(text))) = msg else {
                            if msg.is_none() { break; } else { continue; }
                        };
                        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        if let Some(id) = v["id"].as_u64() {
                            a.lock().unwrap().insert(id);
                        }
                        if v["method"] == "Target.attachedToTarget" {
                            let session = v["params"]["sessionId"].as_str().unwrap_or("").to_string();
                            let kind = v["params"]["targetInfo"]["type"].as_str().unwrap_or("").to_string();
                            if kind.contains("worker") {
                                for c in commands(Some(&session), worker_ids) {
                                    let _ = out2.send(c);
                                }
                                worker_ids += 10;
                                w.lock().unwrap().push(v["params"]["targetInfo"]["url"].as_str().unwrap_or("").to_string());
                            }
                            let _ = out2.send(json!({ "id": worker_ids, "method": "Runtime.runIfWaitingForDebugger", "sessionId": session }).to_string());
                            worker_ids += 1;
                        }
                    }
                }
            }
        });
        let mut d = Devtools { out, answered, next: 1, workers, task };
        let auto_attach = json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true });
        d.send("Target.setAutoAttach", auto_attach).await;
        for c in commands(None, 100) {
            d.out.send(c).unwrap();
        }
        d.send("Runtime.evaluate", json!({ "expression": "1" })).await;
        d
    }

    /// Sends a command to the page and waits for its answer.
    async fn send(&mut self, method: &str, params: Value) {
        let id = self.next;
        self.next += 1;
        self.out.send(json!({ "id": id, "method": method, "params": params }).to_string()).unwrap();
        let start = std::time::Instant::now();
        while !self.answered.lock().unwrap().contains(&id) {
            assert!(start.elapsed().as_secs() < 30, "DevTools did not answer {method}");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Devtools {
    fn drop(&mut self) {
        self.task.abort();
    }
}
